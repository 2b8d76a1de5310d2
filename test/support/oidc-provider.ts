import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from '../../bench/process';

/**
 * A real OpenID provider (oidc-provider, a certified implementation) on a free loopback
 * port, with one confidential client registered and its dev interactions scripted by
 * `Browser` below. Accounts are a map the test edits: change an email, deactivate someone.
 * `tamper` re-signs the next ID tokens with the provider's own key after changing a claim,
 * which gives a real signed token with the wrong issuer, expiry, audience or nonce.
 */
export interface Account {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
  active?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, Account>;
  /** Changes the claims of ID tokens the token endpoint returns, until set back to undefined. */
  tamper: ((claims: JWTPayload) => JWTPayload) | undefined;
  close(): Promise<void>;
}

export async function startProvider(redirectUris: string[]): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, Account>();
  const clientId = 'roster';
  const clientSecret = 'roster-client-secret-0123456789abcdef';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims go in the ID token itself (Roster reads no userinfo).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      // A deactivated user is unknown to the provider: refresh grants fail (invalid_grant).
      if (!account || account.active === false) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account, active: undefined }) };
    },
  } as never);
  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamper: undefined,
    close: async () => {},
  };
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    await next();
    if (ctx.path === '/token' && state.tamper && ctx.body?.id_token) {
      const claims = state.tamper(decodeJwt(ctx.body.id_token));
      const idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey);
      ctx.body = { ...ctx.body, id_token: idToken };
    }
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

/** A browser, by hand: a cookie jar per origin, redirects followed one at a time. */
export class Browser {
  private jar = new Map<string, Map<string, string>>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = [...(this.jar.get(origin) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies) headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const jar = this.jar.get(origin) ?? new Map<string, string>();
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
      this.jar.set(origin, jar);
    }
    return res;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(origin)?.get(name);
  }

  setCookie(origin: string, name: string, value: string) {
    const jar = this.jar.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jar.set(origin, jar);
  }

  /**
   * Walks the provider's pages from an authorization URL: the login form (as `accountId`),
   * the consent form, until the provider redirects to `returnTo`; answers that URL.
   */
  async authorize(authorizationUrl: string, accountId: string, returnTo: string): Promise<string> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(returnTo)) return url;
      const res = await this.get(url);
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        continue;
      }
      const page = await res.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (res.status !== 200 || !prompt) throw new Error(`provider page ${res.status} at ${url}: ${page.slice(0, 300)}`);
      const form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login: accountId, password: 'any' } : {}) });
      const posted = await this.get(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      url = new URL(posted.headers.get('location')!, url).href;
    }
    throw new Error('too many redirects at the provider');
  }
}
