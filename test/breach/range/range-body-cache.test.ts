import { describe, expect, it } from 'vitest'
import { createRangeBodyCache } from '../../../src/breach/range-body-cache.js'

const body = (bytes: number) => new Uint8Array(new ArrayBuffer(bytes))

describe('createRangeBodyCache', () => {
  it('stays within its byte budget, evicting the least recently used body', () => {
    const cache = createRangeBodyCache(100)
    cache.set('AAAAA', body(40))
    cache.set('BBBBB', body(40))
    expect(cache.get('AAAAA')?.byteLength).toBe(40)
    cache.set('CCCCC', body(40))
    expect(cache.get('BBBBB')).toBeUndefined()
    expect(cache.get('AAAAA')).toBeDefined()
    expect(cache.get('CCCCC')).toBeDefined()
    expect(cache.bytes).toBe(80)
  })

  it('does not cache a body larger than the budget, nor anything with budget 0', () => {
    const cache = createRangeBodyCache(10)
    cache.set('AAAAA', body(11))
    expect(cache.get('AAAAA')).toBeUndefined()
    const off = createRangeBodyCache(0)
    off.set('AAAAA', body(1))
    expect(off.get('AAAAA')).toBeUndefined()
    expect(off.bytes).toBe(0)
  })

  it('counts a replaced body once', () => {
    const cache = createRangeBodyCache(100)
    cache.set('AAAAA', body(30))
    cache.set('AAAAA', body(50))
    expect(cache.bytes).toBe(50)
    cache.clear()
    expect(cache.bytes).toBe(0)
  })
})

describe('range body cache memory', () => {
  it('copies a small view out of a large allocation instead of keeping it alive', () => {
    const cache = createRangeBodyCache(1_000)
    const slab = new Uint8Array(new ArrayBuffer(8_192))
    slab.set([65, 66, 67], 100)
    cache.set('AAAAA', slab.subarray(100, 103))
    const kept = cache.get('AAAAA')
    expect(kept && [...kept]).toEqual([65, 66, 67])
    expect(kept?.buffer.byteLength).toBe(3)
    // A Buffer from Node's pool is a view on an 8 KB slab; its `slice` would not copy.
    cache.set('BBBBB', Buffer.from('ABC') as Uint8Array<ArrayBuffer>)
    expect(cache.get('BBBBB')?.buffer.byteLength).toBe(3)
  })
})
