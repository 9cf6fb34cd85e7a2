import type { BootstrapStore } from '../store/ports/bootstrap-store.js'
import { hashApiKey } from './api-key.js'

export { BOOTSTRAP_MARKER, type BootstrapMarker } from '../store/ports/bootstrap-store.js'

/** What the operator's bootstrap variable is to this database now. */
export async function presentedKeyState(
  bootstrap: BootstrapStore,
  key: string,
): Promise<'active' | 'revoked' | 'unknown'> {
  return bootstrap.keyState(await hashApiKey(key))
}
