import { postgresBackend, sqliteBackend } from './backends.js'
import { storeContractSuite } from './contract-suite.js'

// The same cases on every backend; a case that passes on one and fails on another is a bug in
// an adapter (or a dialect difference the port must hide). D1 runs them in workerd:
// test/worker/store-contract.worker.test.ts.
for (const kind of [sqliteBackend, postgresBackend]) storeContractSuite(kind)
