import { storeContractSuite } from '../store/contract/contract-suite.js'
import { d1Backend } from '../store/contract/d1-backend.js'
import { testEnv } from './worker-test-env.js'

// The store contract's third backend: the very case files the Node suite runs on better-sqlite3
// and PostgreSQL (test/store/contract), here on D1 with the committed migrations.
storeContractSuite(d1Backend(testEnv.DB, testEnv.LIVE_DB))
