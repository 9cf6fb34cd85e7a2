import argon2Wasm from '@phi-ag/argon2/argon2.wasm'
import { describe, expect, it } from 'vitest'
import { createWorkerHashPrimitives } from '../../src/entry/worker-hash-primitives.js'
import { parseStoredHash } from '../../src/hashing/parse-stored-hash.js'
import { OWASP_ARGON2ID } from '../../src/hashing/password-hasher.js'
import { createWasmArgon2Hasher } from '../../src/hashing/wasm-argon2-hasher.js'
import argon2 from '../fixtures/hashes/argon2.json'
import bcrypt from '../fixtures/hashes/bcrypt.json'
import crypt from '../fixtures/hashes/crypt.json'
import digest from '../fixtures/hashes/digest.json'
import django from '../fixtures/hashes/django.json'
import ldap from '../fixtures/hashes/ldap.json'
import mysql from '../fixtures/hashes/mysql.json'
import pbkdf2 from '../fixtures/hashes/pbkdf2.json'
import phpass from '../fixtures/hashes/phpass.json'
import scrypt from '../fixtures/hashes/scrypt.json'
import type { HashVector } from '../hashing/legacy-fixtures.js'

// The vault's known-answer vectors (passlib, Django, PHP, OpenSSL, glibc, ...), verified inside
// workerd with the Worker's primitives: node:crypto under nodejs_compat, WASM argon2, bcryptjs.
const files = { argon2, bcrypt, crypt, digest, django, ldap, mysql, pbkdf2, phpass, scrypt }
const vectors = Object.values(files).flatMap((file) => file.vectors as HashVector[])
const primitives = createWorkerHashPrimitives(createWasmArgon2Hasher(argon2Wasm, OWASP_ARGON2ID))

describe('legacy hash families verify on the Worker', () => {
  it.each(vectors.map((vector, i) => [`${vector.scheme} #${i} (${vector.tool})`, vector] as const))(
    '%s',
    async (_, vector) => {
      const result = parseStoredHash(vector.hash, vector.hint)
      if (!result.ok) throw new Error(`${result.code}: ${result.detail}`)
      expect(result.hash.scheme).toBe(vector.scheme)
      expect(await result.hash.verify(vector.password, primitives)).toBe(true)
      const wrong = vector.wrongPassword ?? `!${vector.password}`
      expect(await result.hash.verify(wrong, primitives)).toBe(false)
      if (vector.truncatedEquivalent !== undefined) {
        expect(await result.hash.verify(vector.truncatedEquivalent, primitives)).toBe(true)
      }
    },
  )
})
