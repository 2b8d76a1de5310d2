import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { freePort } from '../bench/process';
import type { Target } from './contract/target';
import { Browser, startProvider, type TestProvider } from './support/oidc-provider';

/**
 * Single sign-on end to end: Roster and a real OpenID provider (oidc-provider) on loopback,
 * the browser's part played by hand (redirects followed one by one, cookies kept per site).
 * Roster sits behind a small forwarder whose address is ROSTER_PUBLIC_URL, as behind a load
 * balancer, so the redirect URI registered at the provider is known before Roster starts;
 * with several gateways it sends each request to the next one.
 */
export function describeSso(mode: string, startRoster: (env: Record<string, string>) => Promise<Target>) {
  describe(`single sign-on (${mode})`, () => {
    let roster: Target;
    let op: TestProvider;
    let forwarder: ReturnType<typeof Bun.serve>;
    let base: string;
    let ownerToken: string;
    const slug = 'acme';
    const password = 'correct horse battery staple';

    const api = async (method: string, path: string, body?: unknown, token = ownerToken) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const configure = (patch: Record<string, unknown> = {}, token = ownerToken) =>
      api('PUT', '/v1/settings/sso', {
        issuer: op.issuer,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        allowedDomains: ['acme.test'],
        roleClaim: 'groups',
        roleMap: { 'acme-hr': 'hr', 'acme-managers': 'manager' },
        ...patch,
      }, token);
    const callbackPrefix = () => `${base}/v1/sso/${slug}/callback`;

    /** Starts a sign-in in `browser`: Roster's redirect to the provider. */
    async function start(browser: Browser) {
      const res = await browser.get(`${base}/v1/sso/${slug}/login`);
      expect(res.status).toBe(302);
      return res.headers.get('location')!;
    }
    /** The whole walk for one account: Roster → provider login and consent → Roster's callback. */
    async function signIn(sub: string, browser = new Browser()) {
      const callback = await browser.authorize(await start(browser), sub, callbackPrefix());
      const res = await browser.get(callback);
      return { status: res.status, body: (await res.json()) as any, callback, browser };
    }
    const me = async (token: string) => (await api('GET', '/v1/me', undefined, token)).body;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      // Round robin over the mode's gateways: a sign-in started through one finishes through another.
      let upstreams: string[] = [];
      let turn = 0;
      forwarder = Bun.serve({
        port,
        hostname: '127.0.0.1',
        fetch: async (req) => {
          const url = new URL(req.url);
          const res = await fetch(`${upstreams[turn++ % upstreams.length]}${url.pathname}${url.search}`, {
            method: req.method,
            headers: req.headers,
            body: req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer(),
            redirect: 'manual',
          });
          // fetch has already decoded the body (workerd compresses): pass it on as plain bytes.
          const headers = new Headers(res.headers);
          headers.delete('content-encoding');
          headers.delete('content-length');
          return new Response(res.body, { status: res.status, headers });
        },
      });
      op = await startProvider([`${base}/v1/sso/${slug}/callback`]);
      roster = await startRoster({ ROSTER_PUBLIC_URL: base, ROSTER_SSO_ALLOW_LOOPBACK_HTTP: 'true' });
      upstreams = roster.baseUrls ?? [roster.baseUrl];
      const signUp = await api('POST', '/v1/tenants', { name: 'Acme', slug, owner: { name: 'Ada Admin', email: 'ada@acme.test', password } }, '');
      expect(signUp.status).toBe(201);
      ownerToken = (await api('POST', '/v1/auth/login', { tenant: slug, email: 'ada@acme.test', password }, '')).body.accessToken;
      // Configured before any case, so that each runs alone too (`-t`).
      expect((await configure()).status).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await roster?.close();
      await op?.close();
      forwarder?.stop(true);
    });

    describe('configuration', () => {
      test('an issuer that is not https is refused, naming the field', async () => {
        const res = await configure({ issuer: 'http://login.acme.test' });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('sso_issuer_refused');
        expect(res.body.errors[0].field).toBe('issuer');
      });

      test('a discovery document that does not load is a clear problem', async () => {
        const nothing = `http://127.0.0.1:${await freePort()}`;
        const res = await configure({ issuer: nothing });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('sso_discovery_failed');
        expect(res.body.errors[0].field).toBe('issuer');
        // Nothing was stored: the working configuration stands.
        expect((await api('GET', '/v1/settings/sso')).body.issuer).toBe(op.issuer);
      });

      test('a mapping to an unknown role, or to owner, is refused naming the group', async () => {
        const unknown = await configure({ roleMap: { 'acme-hr': 'superuser' } });
        expect(unknown.status).toBe(400);
        expect(unknown.body.errors[0].field).toBe('roleMap.acme-hr');
        const owner = await configure({ roleMap: { 'acme-it': 'owner' } });
        expect(owner.status).toBe(400);
        expect(owner.body.errors[0].field).toBe('roleMap.acme-it');
      });

      test('only an owner configures; the secret is never returned', async () => {
        const invite = await api('POST', '/v1/invites', { email: 'ida@acme.test', name: 'Ida Admin', role: 'admin' });
        await api('POST', '/v1/invites/accept', { token: invite.body.inviteToken, password }, '');
        const adminToken = (await api('POST', '/v1/auth/login', { tenant: slug, email: 'ida@acme.test', password }, '')).body.accessToken;
        expect((await configure({}, adminToken)).status).toBe(403);

        const res = await configure();
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ issuer: op.issuer, clientSecretSet: true, requireSso: false, jitUsers: false });
        const read = await api('GET', '/v1/settings/sso', undefined, adminToken);
        expect(read.status).toBe(200);
        expect(JSON.stringify(read.body)).not.toContain(op.clientSecret);
        expect(JSON.stringify(res.body)).not.toContain(op.clientSecret);
      });
    });

    describe('signing in', () => {
      let graceId: string;
      beforeAll(async () => {
        const invite = await api('POST', '/v1/invites', { email: 'grace@acme.test', name: 'Grace Hopper', role: 'employee' });
        graceId = invite.body.user.id;
        op.accounts.set('op-grace', { email: 'grace@acme.test', email_verified: true, name: 'Grace Hopper', groups: [] });
      });

      test('the first sign-in links the account by its verified email, and answers Roster tokens', async () => {
        const res = await signIn('op-grace');
        expect(res.status).toBe(200);
        expect(res.body.tokenType).toBe('Bearer');
        const who = await me(res.body.accessToken);
        expect(who.user).toMatchObject({ id: graceId, email: 'grace@acme.test', role: 'employee' });
        // The invitation is fulfilled by the provider: the account is active.
        expect((await api('GET', `/v1/users/${graceId}`)).body.status).toBe('active');
        // PKCE, state and nonce were sent to the provider.
        const authorization = new URL(await start(new Browser()));
        expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
        expect(authorization.searchParams.get('state')).toBeTruthy();
        expect(authorization.searchParams.get('nonce')).toBeTruthy();
      });

      test('afterwards the subject decides, not the email: a changed email at the provider lands in the same account', async () => {
        const sam = (await api('POST', '/v1/invites', { email: 'sam@acme.test', name: 'Sam Subject', role: 'employee' })).body.user.id;
        op.accounts.set('op-sam', { email: 'sam@acme.test', email_verified: true, groups: [] });
        expect((await signIn('op-sam')).status).toBe(200);
        // The provider now claims Ada's (the owner's) address for this subject.
        op.accounts.set('op-sam', { email: 'ada@acme.test', email_verified: true, groups: [] });
        const res = await signIn('op-sam');
        expect(res.status).toBe(200);
        expect((await me(res.body.accessToken)).user).toMatchObject({ id: sam, email: 'sam@acme.test', role: 'employee' });
      });

      test("a second subject with a linked account's email is refused", async () => {
        await api('POST', '/v1/invites', { email: 'tom@acme.test', name: 'Tom Twice', role: 'employee' });
        op.accounts.set('op-tom', { email: 'tom@acme.test', email_verified: true, groups: [] });
        expect((await signIn('op-tom')).status).toBe(200);
        op.accounts.set('op-impostor', { email: 'tom@acme.test', email_verified: true, groups: [] });
        const res = await signIn('op-impostor');
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('sso_account_linked');
      });

      test('an unverified email links nothing', async () => {
        op.accounts.set('op-ada', { email: 'ada@acme.test', email_verified: false, groups: [] });
        const res = await signIn('op-ada');
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('sso_email_unverified');
      });

      test('an email domain that is not allowed is refused', async () => {
        op.accounts.set('op-mallory', { email: 'mallory@evil.test', email_verified: true, groups: [] });
        const res = await signIn('op-mallory');
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('sso_domain_not_allowed');
      });

      test("the role claim's groups set the role at sign-in", async () => {
        op.accounts.set('op-grace', { email: 'grace@acme.test', email_verified: true, groups: ['acme-hr', 'unknown-group'] });
        const res = await signIn('op-grace');
        expect(res.status).toBe(200);
        expect((await me(res.body.accessToken)).user.role).toBe('hr');
        op.accounts.set('op-grace', { email: 'grace@acme.test', email_verified: true, groups: [] });
      });

      test('just-in-time creation is off by default; when on, a stranger gets the lowest role whatever their groups', async () => {
        op.accounts.set('op-linus', { email: 'linus@acme.test', email_verified: true, name: 'Linus T', groups: ['acme-hr'] });
        const before = (await api('GET', '/v1/users')).body.items.length;
        const off = await signIn('op-linus');
        expect(off.status).toBe(403);
        expect(off.body.code).toBe('sso_no_account');
        expect((await api('GET', '/v1/users')).body.items.length).toBe(before);

        expect((await configure({ jitUsers: true })).status).toBe(200);
        const on = await signIn('op-linus');
        expect(on.status).toBe(200);
        expect((await me(on.body.accessToken)).user).toMatchObject({ email: 'linus@acme.test', name: 'Linus T', role: 'employee' });
        expect((await api('GET', '/v1/users')).body.items.length).toBe(before + 1);
        expect((await configure({ jitUsers: false })).status).toBe(200);
      });
    });

    describe('what the flow refuses', () => {
      beforeAll(() => {
        op.accounts.set('op-hana', { email: 'hana@acme.test', email_verified: true, groups: [] });
      });
      beforeAll(async () => {
        await api('POST', '/v1/invites', { email: 'hana@acme.test', name: 'Hana HR', role: 'employee' });
      });

      test('a wrong state is refused', async () => {
        const browser = new Browser();
        const callback = new URL(await browser.authorize(await start(browser), 'op-hana', callbackPrefix()));
        callback.searchParams.set('state', 'forged-state-value');
        const res = await browser.get(callback.href);
        expect(res.status).toBe(400);
        expect(((await res.json()) as any).code).toBe('sso_state_mismatch');
      });

      test("a callback from a sign-in another browser started (login CSRF) is refused", async () => {
        // Mallory starts and completes a sign-in as herself, and sends the callback link to Hana.
        op.accounts.set('op-mallory2', { email: 'hana@acme.test', email_verified: true, groups: [] });
        const mallory = new Browser();
        const link = await mallory.authorize(await start(mallory), 'op-mallory2', callbackPrefix());
        const hana = new Browser();
        await start(hana); // Hana has a sign-in of her own under way: her cookie holds another state.
        const res = await hana.get(link);
        expect(res.status).toBe(400);
        expect(((await res.json()) as any).code).toBe('sso_state_mismatch');
        const fresh = await new Browser().get(link);
        expect(fresh.status).toBe(400);
      });

      test('a code works once: the same callback again is refused, and so is the code under a new sign-in', async () => {
        const first = await signIn('op-hana');
        expect(first.status).toBe(200);
        const again = await first.browser.get(first.callback);
        expect(again.status).toBe(400);
        // A new sign-in in the same browser, with the old code under the new state: the provider refuses the code.
        const next = new URL(await start(first.browser));
        const replay = new URL(first.callback);
        replay.searchParams.set('state', next.searchParams.get('state')!);
        const res = await first.browser.get(replay.href);
        expect(res.status).toBe(401);
        expect(((await res.json()) as any).code).toBe('sso_token_rejected');
      });

      test('an Idempotency-Key on the callback replays nothing: the spent state stays spent', async () => {
        const browser = new Browser();
        const callback = await browser.authorize(await start(browser), 'op-hana', callbackPrefix());
        const state = new URL(callback).searchParams.get('state')!;
        const headers = { 'idempotency-key': `sso-callback-${state.slice(0, 8)}` };
        expect((await browser.get(callback, { headers })).status).toBe(200);
        browser.setCookie(new URL(base).origin, 'roster_sso_state', state);
        const again = await browser.get(callback, { headers });
        expect(again.status).toBe(400);
        expect(((await again.json()) as any).code).toBe('sso_state_invalid');
      });

      const refusedToken = (what: string, change: (claims: Record<string, unknown>) => Record<string, unknown>, mentions: RegExp) =>
        test(`an ID token ${what} is refused`, async () => {
          op.tamper = change;
          try {
            const res = await signIn('op-hana');
            expect(res.status).toBe(401);
            expect(res.body.code).toBe('sso_token_rejected');
            expect(res.body.detail ?? res.body.message ?? res.body.title).toMatch(mentions);
          } finally {
            op.tamper = undefined;
          }
        });
      refusedToken('from another issuer', (c) => ({ ...c, iss: 'http://127.0.0.1:1/other-provider' }), /iss/);
      refusedToken('that has expired', (c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }), /exp/);
      refusedToken('for another audience', (c) => ({ ...c, aud: 'some-other-client' }), /aud/);
      refusedToken('without the nonce of this sign-in', ({ nonce: _nonce, ...c }) => c, /nonce/);
      refusedToken("with another sign-in's nonce", (c) => ({ ...c, nonce: 'nonce-of-an-earlier-sign-in-0123456789' }), /nonce/);
    });

    describe('break-glass and deactivation', () => {
      test('when SSO is required, password login is refused for everyone but owners', async () => {
        const invite = await api('POST', '/v1/invites', { email: 'max@acme.test', name: 'Max Manager', role: 'manager' });
        await api('POST', '/v1/invites/accept', { token: invite.body.inviteToken, password }, '');
        expect((await api('POST', '/v1/auth/login', { tenant: slug, email: 'max@acme.test', password }, '')).status).toBe(200);

        expect((await configure({ requireSso: true })).status).toBe(200);
        const refused = await api('POST', '/v1/auth/login', { tenant: slug, email: 'max@acme.test', password }, '');
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('sso_required');
        // A wrong password learns nothing about the rule.
        expect((await api('POST', '/v1/auth/login', { tenant: slug, email: 'max@acme.test', password: 'not the password' }, '')).body.code).toBe('invalid_credentials');
        const owner = await api('POST', '/v1/auth/login', { tenant: slug, email: 'ada@acme.test', password }, '');
        expect(owner.status).toBe(200);
        // Through the provider, Max still gets in.
        op.accounts.set('op-max', { email: 'max@acme.test', email_verified: true, groups: [] });
        expect((await signIn('op-max')).status).toBe(200);
        expect((await configure({ requireSso: false })).status).toBe(200);
      });

      test('a user deactivated at the provider loses access at their next refresh', async () => {
        op.accounts.set('op-erin', { email: 'erin@acme.test', email_verified: true, groups: [] });
        await api('POST', '/v1/invites', { email: 'erin@acme.test', name: 'Erin', role: 'employee' });
        const session = await signIn('op-erin');
        expect(session.status).toBe(200);
        const refreshed = await api('POST', '/v1/auth/refresh', { refreshToken: session.body.refreshToken }, '');
        expect(refreshed.status).toBe(200);

        op.accounts.set('op-erin', { email: 'erin@acme.test', email_verified: true, groups: [], active: false });
        const refused = await api('POST', '/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken }, '');
        expect(refused.status).toBe(401);
        expect(refused.body.code).toBe('sso_session_ended');
        // The session is over, not just this try: the provider coming back does not revive it.
        op.accounts.set('op-erin', { email: 'erin@acme.test', email_verified: true, groups: [] });
        expect((await api('POST', '/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken }, '')).status).toBe(401);
        // A password session never asks the provider.
        const owner = await api('POST', '/v1/auth/login', { tenant: slug, email: 'ada@acme.test', password }, '');
        expect((await api('POST', '/v1/auth/refresh', { refreshToken: owner.body.refreshToken }, '')).status).toBe(200);
      });

      // Last: it stops the provider.
      test('when the provider cannot be reached the refresh fails (503) and the session is kept', async () => {
        op.accounts.set('op-olga', { email: 'olga@acme.test', email_verified: true, groups: [] });
        await api('POST', '/v1/invites', { email: 'olga@acme.test', name: 'Olga', role: 'employee' });
        const session = await signIn('op-olga');
        expect(session.status).toBe(200);
        await op.close();
        for (let i = 0; i < 2; i++) {
          const res = await api('POST', '/v1/auth/refresh', { refreshToken: session.body.refreshToken }, '');
          expect(res.status).toBe(503);
          expect(res.body.code).toBe('sso_provider_unavailable');
        }
      });
    });
  });
}


