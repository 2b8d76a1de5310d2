import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Api, signUp } from '../contract/client';
import { startEmbedded } from '../support/embedded-target';

/**
 * Issue 12 item 7 at registration, with private targets refused as in production (the
 * contract suite allows them for its loopback receivers). Each URL is one the review found
 * accepted, or a neighbour of it.
 */
let target: Awaited<ReturnType<typeof startEmbedded>>;
let api: Api;
beforeAll(async () => {
  target = await startEmbedded({ ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'false' });
  api = new Api(target.baseUrl);
});
afterAll(() => target.close());

const refused = [
  'http://[::ffff:127.0.0.1]/hook', // parsed to [::ffff:7f00:1]
  'http://[::ffff:169.254.169.254]/latest/meta-data/',
  'http://[::ffff:10.0.0.1]/',
  'http://[::1]/',
  'http://[fe80::1]/',
  'http://[fd00::1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://127.0.0.1/',
  'http://2130706433/', // 127.0.0.1 in one number
  'http://0x7f.1/',
  'http://0.0.0.0/',
  'http://10.1.2.3/',
  'http://169.254.169.254/',
  'http://198.18.0.1/',
  'http://198.19.255.254/',
  'http://100.64.0.1/',
  'http://192.0.2.10/',
  'http://203.0.113.5/',
  'http://224.0.0.251/',
  'http://255.255.255.255/',
  'http://localhost/',
  'http://localhost./',
  'http://LocalHost:8080/',
  'http://api.localhost/',
  'http://intranet/',
  'http://metadata/',
  'http://nas.local/',
  'http://db.internal/',
];

describe('webhook targets on private networks', () => {
  test('every non-public address, local name and single-label name is refused with 422 naming url; nothing is stored', async () => {
    const c = await signUp(api, 'ssrf');
    for (const url of refused) {
      const res = await api.post('/v1/webhooks', { url, eventTypes: ['*'] }, { token: c.token });
      expect([url, res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([url, 422, 'webhook_url_refused', 'url']);
    }
    const list = await api.get('/v1/webhooks', { token: c.token });
    expect(list.body.items).toEqual([]);
  });

  test('public names and addresses are accepted', async () => {
    const c = await signUp(api, 'ssrf2');
    for (const url of ['https://hooks.example.com/roster', 'http://8.8.8.8/x', 'https://[2606:4700:4700::1111]/']) {
      expect([url, (await api.post('/v1/webhooks', { url, eventTypes: ['*'] }, { token: c.token })).status]).toEqual([url, 201]);
    }
  });
});
