/**
 * Everything the CLI takes from the Node entry, in one module: the secret kept beside the
 * database (created on first use, or only read where a missing one must stop the command), the
 * full Node dependencies (console users need the app's services) and the server itself. Commands
 * import these from here (ESLint refuses `../entry/*` elsewhere in src/cli), so the entry has
 * one dependent in the CLI and a change of its files touches one import list.
 */
export { buildNodeDeps } from '../entry/build-node-deps.js'
export { loadExistingNodeSecret, loadNodeSecret } from '../entry/node-files.js'
export { startNodeServer } from '../entry/start-node-server.js'
