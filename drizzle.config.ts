import { defineConfig } from 'drizzle-kit'

// `npm run db:generate` writes SQL migrations here; Node applies them at start-up and
// wrangler applies the same folder to D1 (`migrations_dir` in wrangler.toml).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
})
