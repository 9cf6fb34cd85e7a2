import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from './embedded-postgres-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server; test files make their own database on it. */
    postgresUrl: string
  }
}

/**
 * One PostgreSQL server per vitest run: PWGUARD_TEST_DATABASE_URL when set, otherwise an
 * embedded one. It starts in the background, so runs that never touch PostgreSQL do not wait
 * for it; test/support/test-database.ts waits until it answers.
 */
export default async function setup(project: TestProject) {
  const given = process.env['PWGUARD_TEST_DATABASE_URL']
  if (given) {
    project.provide('postgresUrl', given)
    return
  }
  const server = await startEmbeddedPostgres()
  project.provide('postgresUrl', server.url)
  return () => server.stop()
}
