// Run by webhook-pinned-tls.test.ts in a child with NODE_EXTRA_CA_CERTS set to the fixture
// certificate (Bun reads it at start-up only). Prints one JSON line per case.
import { join } from 'node:path';
import { pinnedPost } from '../../src/webhooks/pinned-post';

const dir = join(import.meta.dir, 'fixtures');
const seen: (string | null)[] = [];
const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  tls: { cert: Bun.file(join(dir, 'hooks-test.crt')), key: Bun.file(join(dir, 'hooks-test.key')) },
  fetch(req) {
    seen.push(req.headers.get('host'));
    return new Response(null, { status: 204 });
  },
});
const attempt = (name: string) =>
  pinnedPost(new URL(`https://${name}:${server.port}/hook`), '127.0.0.1', { headers: {}, body: '{}', timeoutMs: 3000 }).then(
    (status) => ({ name, status }),
    (e: Error) => ({ name, error: e.message }),
  );
console.log(JSON.stringify({ results: [await attempt('hooks.test'), await attempt('other.test')], seen }));
server.stop(true);
