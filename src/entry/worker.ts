import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { createWorkerHandler } from './worker-handler.js'

// The Worker entry (wrangler `main`): one handler per isolate, built on its first request.
export default createWorkerHandler(argon2Wasm)
