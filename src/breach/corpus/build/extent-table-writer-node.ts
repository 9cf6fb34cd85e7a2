import type { HashMode } from '../../range-reader.js'
import { EXTENT_MAGIC } from '../corpus-extents.js'
import { recordBytes, type ManifestFile } from '../corpus-format.js'
import { HashingFileWriter } from './hashing-file-writer-node.js'
import { storeHeader } from './range-store-writer-node.js'

/** Writes an `M.ext` table. */
export function writeExtentTable(file: string, mode: HashMode, table: Uint32Array): ManifestFile {
  const writer = new HashingFileWriter(file)
  writer.write(storeHeader(EXTENT_MAGIC, recordBytes(mode)))
  writer.write(new Uint8Array(table.buffer, table.byteOffset, table.byteLength))
  return writer.close()
}
