/** Scores a password 0–4 with the server's zxcvbn dictionaries and settings. */
export type StrengthScore = (password: string, userInputs: string[]) => number

const loads = new Map<string, Promise<StrengthScore>>()

/**
 * Loads zxcvbn-ts and its dictionaries from pwguard itself (never a CDN), once per base, on
 * first use: the module a page imports stays small, and pages that never type pay nothing.
 */
export function loadStrength(base: string): Promise<StrengthScore> {
  let load = loads.get(base)
  if (!load) {
    const url = `${base}/widget/v1/strength.js`
    load = (import(/* @vite-ignore */ url) as Promise<StrengthModule>).then((module) =>
      module.createStrengthScore(`${base}/widget/v1/dictionary.json`),
    )
    load.catch(() => loads.delete(base))
    loads.set(base, load)
  }
  return load
}

interface StrengthModule {
  createStrengthScore(dictionaryUrl: string): Promise<StrengthScore>
}
