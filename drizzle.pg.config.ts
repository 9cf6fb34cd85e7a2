import { defineConfig } from 'drizzle-kit'

// `npm run db:generate:pg` writes PostgreSQL migrations here; the Node entry applies them at
// start-up under an advisory lock (src/store/pg-migrate.ts). SQLite/D1 keep drizzle.config.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/pg-schema.ts',
  out: './src/store/migrations-pg',
})
