import { fstatSync } from 'node:fs'
import { createRequire } from 'node:module'

/** The addon of mmap-addon/mmap.c, built by `npm ci` (package.json's `install` script). */
export interface MmapAddon {
  /** A read-only shared mapping of [offset, offset + length); unmapped when collected. */
  map(fd: number, offset: number, length: number): ArrayBuffer
  pageSize(): number
}

/**
 * The addon, or null where it was not built (no compiler, another OS): readers then fall back
 * to one positional read per body, which answers the same bytes a little slower.
 */
export function loadMmapAddon(): MmapAddon | null {
  try {
    return createRequire(import.meta.url)('./mmap-addon/build/Release/mmap.node')
  } catch {
    return null
  }
}

/**
 * Node 20 caps an ArrayBuffer at 4 GiB, and a full-scale body file is ~40 GB: the file is mapped
 * in windows that start every GiB and reach 16 MiB past the next start, so any slice up to
 * 16 MiB (a range body is ~40 KB) lies whole inside the window of the GiB it starts in.
 */
export const WINDOW_STRIDE = 2 ** 30
export const WINDOW_OVERLAP = 2 ** 24

const EMPTY = Buffer.alloc(0)

/**
 * One immutable file, mapped lazily window by window. A view keeps its window mapped for as
 * long as anything (a response being written) holds it; dropping the MappedFile unmaps nothing
 * by itself.
 */
export class MappedFile {
  private readonly windows: ArrayBuffer[] = []
  private readonly size: number

  constructor(
    private readonly addon: MmapAddon,
    private readonly fd: number,
    private readonly stride = WINDOW_STRIDE,
    private readonly overlap = WINDOW_OVERLAP,
  ) {
    if (stride % addon.pageSize() !== 0) throw new RangeError('window stride must be whole pages')
    this.size = fstatSync(fd).size
  }

  /**
   * Bytes [position, position + length) without copying them, or null when they do not lie in
   * the file or are longer than a window's overlap (the caller then reads them).
   */
  view(position: number, length: number): Buffer | null {
    if (length === 0) return EMPTY
    if (position < 0 || length < 0 || position + length > this.size) return null
    const index = Math.floor(position / this.stride)
    const start = index * this.stride
    const windowBytes = Math.min(this.stride + this.overlap, this.size - start)
    if (position + length > start + windowBytes) return null
    const window = (this.windows[index] ??= this.addon.map(this.fd, start, windowBytes))
    return Buffer.from(window, position - start, length)
  }
}
