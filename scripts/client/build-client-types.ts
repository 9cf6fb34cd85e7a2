import { writeFileSync } from 'node:fs'
import { CLIENT_TYPES_FILE, clientTypesSource } from './client-types-source.js'

// Regenerates the typed client's types after a change to any route schema.
writeFileSync(CLIENT_TYPES_FILE, await clientTypesSource())
console.log(`wrote ${CLIENT_TYPES_FILE}`)
