import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage', '.wrangler', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The runtime boundary (README "Architecture", docs/architecture.md): core code runs on Node
    // and on Workers, so it may not import what a Worker lacks. Node-only code lives in files
    // named `*-node.ts` / `*-node.mjs`, in src/entry/ and src/cli/; scripts/ and test/ run on
    // Node only and sit outside src/. node:crypto and node:buffer stay allowed: wrangler.toml
    // sets `nodejs_compat`, under which Workers provide both (the legacy hash families and the
    // keyed blind index use them; test/worker/legacy-hashes.worker.test.ts runs them in
    // workerd). Type-only imports are allowed: they are erased before anything runs.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'src/**/*.mjs'],
    ignores: ['**/*-node.ts', '**/*-node.mjs', 'src/entry/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'better-sqlite3',
              message: 'Node-only (native): use a store port; SQLite lives in *-node.ts adapters.',
              allowTypeImports: true,
            },
            {
              name: 'pg',
              message: 'Node-only: use a store port; PostgreSQL lives in *-node.ts adapters.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              group: ['node:*', '!node:crypto', '!node:buffer'],
              message:
                'Workers lack this Node module: move the code to a *-node.ts adapter (or entry/, cli/).',
              allowTypeImports: true,
            },
            {
              group: ['@node-rs/*', '@hono/node-server', '@hono/node-server/*'],
              message: 'Node-only package: import it from a *-node.ts adapter (or entry/, cli/).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The store boundary (issue 11): features reach the database only through the store ports
    // (`deps.stores`, src/store/ports); a dialect's schema, driver and adapters stay in
    // src/store, and only the entries and the CLI pick an adapter.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/store/**', 'src/entry/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/store/sqlite/*',
                '**/store/pg/*',
                '**/store/schema.js',
                '**/store/pg-schema.js',
                '**/store/database.js',
                '**/store/*-driver*.js',
                'drizzle-orm/sqlite-core',
                'drizzle-orm/pg-core',
              ],
              message:
                'Features reach the database through store ports (deps.stores); dialect code lives in src/store.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI's one way into the Node entry (secret files, Node deps, the server).
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/cli-node-context.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/entry/*'],
              message:
                'The CLI takes what it needs from the Node entry through ./cli-node-context.js.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
