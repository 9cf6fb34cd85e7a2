// The few workerd test modules the Worker suite uses, typed here rather than through
// @cloudflare/workers-types, whose globals (Request, TextEncoder, ...) clash with @types/node
// in the one strict typecheck the repo runs. Bindings are typed in worker-test-env.ts.
declare module 'cloudflare:test' {
  export interface D1Migration {
    name: string
    queries: string[]
  }
  /** Applies the not-yet-applied migrations, recording them in `d1_migrations`. */
  export function applyD1Migrations(
    db: unknown,
    migrations: D1Migration[],
    migrationsTableName?: string,
  ): Promise<void>
}

declare module 'cloudflare:workers' {
  /** The bindings of the Worker under test (wrangler.toml plus the config's test bindings). */
  export const env: unknown
  /** The main module's exports as service bindings (`exports.default.fetch`). */
  export const exports: unknown
}
