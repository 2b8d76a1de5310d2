/** A small HTTP client for the contract suite: what a client developer would write. */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body, sent as is (for malformed-input cases). */
  raw?: string;
}

/** How long a contract request may wait for its whole reply. */
const replyTimeoutMs = 20_000;

export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, o: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let payload: string | undefined = o.raw;
    if (body !== undefined && payload === undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    // A reply that never comes fails this request, naming it, well before the test's own
    // timeout (which would also kill the target's processes and fail every later test).
    const signal = AbortSignal.timeout(replyTimeoutMs);
    const named = (e: unknown) => {
      throw signal.aborted ? new Error(`${method} ${path}: no reply within ${replyTimeoutMs / 1000} s`) : e;
    };
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, signal }).catch(named);
    const text = await res.text().catch(named);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('GET', path, undefined, o);
  }
  post<T = any>(path: string, body?: unknown, o?: RequestOptions) {
    return this.request<T>('POST', path, body ?? {}, o);
  }
  patch<T = any>(path: string, body: unknown, o?: RequestOptions) {
    return this.request<T>('PATCH', path, body, o);
  }
  delete<T = any>(path: string, o?: RequestOptions) {
    return this.request<T>('DELETE', path, undefined, o);
  }
}

let counter = 0;
/** A slug no other test uses, so tests share one server without sharing data. */
export function uniqueSlug(prefix = 't'): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export const ownerPassword = 'correct horse battery staple';

export interface Company {
  slug: string;
  tenantId: string;
  ownerId: string;
  ownerEmail: string;
  token: string;
  refreshToken: string;
}

/** Creates a company and signs its owner in. */
export async function signUp(api: Api, prefix = 't'): Promise<Company> {
  const slug = uniqueSlug(prefix);
  const ownerEmail = `owner@${slug}.test`;
  const created = await api.post('/v1/tenants', {
    name: `Company ${slug}`,
    slug,
    owner: { name: 'Olive Owner', email: ownerEmail, password: ownerPassword },
  });
  if (created.status !== 201) throw new Error(`sign-up failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await api.post('/v1/auth/login', { tenant: slug, email: ownerEmail, password: ownerPassword });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    slug,
    tenantId: created.body.tenant.id,
    ownerId: created.body.user.id,
    ownerEmail,
    token: login.body.accessToken,
    refreshToken: login.body.refreshToken,
  };
}

let emailCounter = 0;
export function newEmployee(overrides: Record<string, unknown> = {}) {
  emailCounter++;
  return {
    firstName: 'Grace',
    lastName: `Hopper${emailCounter}`,
    workEmail: `grace${emailCounter}.${Math.random().toString(36).slice(2, 7)}@example.test`,
    hireDate: '2024-01-15',
    ...overrides,
  };
}

/** Invites a user with a role and signs them in; returns their access token. */
export async function userWithRole(api: Api, company: Company, role: string): Promise<{ id: string; token: string; email: string }> {
  const email = `${role}.${Math.random().toString(36).slice(2, 8)}@${company.slug}.test`;
  const invite = await api.post('/v1/invites', { email, name: `${role} person`, role }, { token: company.token });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const accepted = await api.post('/v1/invites/accept', { token: invite.body.inviteToken, password: ownerPassword });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const login = await api.post('/v1/auth/login', { tenant: company.slug, email, password: ownerPassword });
  return { id: invite.body.user.id, token: login.body.accessToken, email };
}

/**
 * Today in the company's time zone as the server sees it (its clock, the company's zone): the
 * date a report is "as of" by default. Tests date things relative to it, so that they keep
 * passing on any day and under a faked clock. Needs an owner, admin or HR token.
 */
export async function companyToday(api: Api, token: string): Promise<string> {
  const res = await api.get('/v1/reports/headcount', { token });
  if (res.status !== 200 || typeof res.body?.asOf !== 'string') throw new Error(`no server today: ${res.status}`);
  return res.body.asOf;
}

/** A calendar date `days` after (or before) an ISO date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The first Monday on or after `date`: where a request for working days starts, whatever
 * weekday today is (today + 20 to today + 21 is a weekend when today is a Sunday).
 */
export function mondayOnOrAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Links a user to the employee record they are: HR's act, by id (never inferred from an email). */
export async function linkUser(api: Api, company: Company, userId: string, employeeId: string): Promise<void> {
  const res = await api.request('PUT', `/v1/users/${userId}/employee`, { employeeId }, { token: company.token });
  if (res.status !== 200) throw new Error(`link failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Hires an employee record for a user (their email as work email) and links the two. */
export async function hireAs(api: Api, company: Company, user: { id: string; email: string }, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await api.post('/v1/employees', newEmployee({ workEmail: user.email, ...overrides }), { token: company.token });
  if (res.status !== 201) throw new Error(`hire failed: ${res.status} ${JSON.stringify(res.body)}`);
  await linkUser(api, company, user.id, res.body.id);
  return res.body;
}
