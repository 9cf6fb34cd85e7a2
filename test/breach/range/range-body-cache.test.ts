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
