import { join } from 'node:path';
import { describe, expect, test } from 'bun:test';

/**
 * Pinning keeps TLS honest: the socket goes to the checked address, while SNI and the
 * certificate check use the URL's name. The receiver's certificate (a fixture, valid for
 * `hooks.test`) is trusted through NODE_EXTRA_CA_CERTS in a child process.
 */
describe('pinned webhook sends over TLS', () => {
  test('the certificate is checked against the URL name, not the pinned address', async () => {
    const child = Bun.spawn([process.execPath, join(import.meta.dir, 'pinned-tls.script.ts')], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(import.meta.dir, 'fixtures', 'hooks-test.crt') },
      stdout: 'pipe',
      stderr: 'inherit',
    });
    const out = JSON.parse((await new Response(child.stdout).text()).trim().split('\n').at(-1)!);
    expect(await child.exited).toBe(0);
    // The right name: delivered, with the name in Host.
    expect(out.results[0]).toEqual({ name: 'hooks.test', status: 204 });
    // Another name pinned to the same address: the certificate does not match, nothing is sent.
    expect(out.results[1].error).toBeString();
    expect(out.seen).toHaveLength(1);
    expect(out.seen[0]).toStartWith('hooks.test:');
  });
});
