import type { z } from 'zod';
// Types only: a client bundle carries none of the server's code (the route table is generated).
import type { tenantMessages } from '../../actors/tenant/kind';
import type { loginBody, signUpBody, signUpReply, tokenReplySchema } from '../http/routes/accounts';
import { routes } from './routes';

/**
 * A typed client for Roster's API, derived from the same message declarations as the
 * server: `call('employees.get', { id })` knows its input and its reply types.
 */
type Messages = (typeof tenantMessages)[number];
export type MessageType = Messages['type'];
type Def<T extends MessageType> = Extract<Messages, { type: T }>;
export type InputOf<T extends MessageType> = z.input<Def<T>['input']>;
export type OutputOf<T extends MessageType> = Def<T> extends { handler(...args: never[]): infer R } ? Awaited<R> : never;

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
}

/** A problem+json answer, thrown: `code` names the broken rule. */
export class RosterError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = 'RosterError';
  }
}

export interface CallOptions {
  ifMatch?: string;
  idempotencyKey?: string;
}

export interface Reply<T> {
  data: T;
  etag?: string;
  status: number;
}

export class RosterClient {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  /** Signs in and returns a client that sends the access token. */
  static async login(baseUrl: string, credentials: z.input<typeof loginBody>) {
    const client = new RosterClient(baseUrl);
    const { data } = await client.request<z.output<typeof tokenReplySchema>>('POST', '/v1/auth/login', credentials);
    client.token = data.accessToken;
    return Object.assign(client, { refreshToken: data.refreshToken });
  }

  /** Creates a company and its owner. */
  signUp(body: z.input<typeof signUpBody>) {
    return this.request<z.output<typeof signUpReply>>('POST', '/v1/tenants', body);
  }

  /** Sends one message through its HTTP route. */
  async call<T extends MessageType>(type: T, input: InputOf<T>, options: CallOptions = {}): Promise<Reply<OutputOf<T>>> {
    const route = (routes as Record<string, { method: string; path: string }>)[type];
    if (!route) throw new Error(`${type} has no HTTP route`);
    const rest: Record<string, unknown> = { ...(input as object) };
    const path = route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      const value = rest[name];
      delete rest[name];
      return encodeURIComponent(String(value));
    });
    const withBody = route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT';
    const query = withBody
      ? ''
      : new URLSearchParams(Object.entries(rest).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.request(route.method, `${path}${query ? `?${query}` : ''}`, withBody ? rest : undefined, options);
  }

  private async request<T>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new RosterError(parsed as Problem);
    return { data: parsed as T, status: res.status, ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}) };
  }
}
