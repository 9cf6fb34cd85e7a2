// `pwguard/client`: the typed server-side client (package.json "exports").
export { PwguardApiError, createPwguardClient } from './pwguard-client.js'
export type * from './pwguard-client.js'
export type { components, paths } from './generated/pwguard-api.js'
