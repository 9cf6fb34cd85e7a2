import * as common from '@zxcvbn-ts/language-common'
import type { StrengthData } from '../policy/create-zxcvbn.js'
import { strengthDictionary } from '../policy/strength-dictionary.js'

export interface DictionaryAsset {
  /** UTF-8 JSON of `StrengthData`. */
  json: Uint8Array
  /** The same, gzipped once (the word lists are ~4 MB of JSON). */
  gzip: Uint8Array
}

let asset: Promise<DictionaryAsset> | null = null

/**
 * `/widget/v1/dictionary.json`: the exact dictionaries and keyboard graphs the server's check
 * ranks against (`strengthDictionary()`), so the widget's score matches the server's. Built on
 * first request and kept; gzip through CompressionStream, which Node and Workers both have.
 */
export function widgetDictionary(): Promise<DictionaryAsset> {
  // A failed build is not kept: the next request tries again.
  asset ??= build().catch((error: unknown) => {
    asset = null
    throw error
  })
  return asset
}

async function build(): Promise<DictionaryAsset> {
  const data: StrengthData = { dictionary: strengthDictionary(), graphs: common.adjacencyGraphs }
  const json = new TextEncoder().encode(JSON.stringify(data))
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'))
  const gzip = new Uint8Array(await new Response(stream).arrayBuffer())
  return { json, gzip }
}
