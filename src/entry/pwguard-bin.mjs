#!/usr/bin/env node
// The `pwguard` bin: registers the TypeScript loader shipped as a dependency (tsx), then runs
// the CLI entry, so no global tool and no build step is needed.
import { register } from 'tsx/esm/api'

register()
await import('./cli.ts')
