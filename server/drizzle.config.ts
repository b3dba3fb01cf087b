import { defineConfig } from 'drizzle-kit';

// Used only for `drizzle-kit generate`; migrations are applied by the server at start (see db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
