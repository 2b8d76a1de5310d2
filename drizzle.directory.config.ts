import { defineConfig } from 'drizzle-kit';

/** The directory database (`directory/global`): slugs and API-key prefixes. */
export default defineConfig({
  dialect: 'sqlite',
  schema: ['actors/core/core.sql.ts', 'actors/directory/directory.sql.ts'],
  out: 'migrations/directory',
});
