/** API-key authentication at the edge, embedded: sequential GET /v1/me with a key (`bun bench/api-key-auth.ts`). */
import { Api, signUp } from '../test/contract/client';
import { startEmbedded } from '../test/support/embedded-target';

const t = await startEmbedded();
const api = new Api(t.baseUrl);
const c = await signUp(api, 'bench');
const { body } = await api.post('/v1/api-keys', { name: 'b', role: 'hr' }, { token: c.token });
for (let i = 0; i < 200; i++) await api.get('/v1/me', { token: body.key });
const n = 3000;
const start = performance.now();
for (let i = 0; i < n; i++) await api.get('/v1/me', { token: body.key });
const ms = performance.now() - start;
console.log(`GET /v1/me with an API key: ${(ms / n).toFixed(3)} ms per request, ${(n / (ms / 1000)).toFixed(0)}/s sequential`);
await t.close();
