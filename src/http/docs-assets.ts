import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DocsAssets } from './routes/docs';

/** Swagger UI's files from the swagger-ui-dist package, read once (Bun runtimes). */
export function swaggerUiAssets(): DocsAssets {
  const require = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(require.resolve(`swagger-ui-dist/${file}`), 'utf8');
  return { js: read('swagger-ui-bundle.js'), css: read('swagger-ui.css') };
}
