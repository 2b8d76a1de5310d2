import { describe, expect, test } from 'bun:test';
import { addDays, Api, companyToday, hireAs, newEmployee, ownerPassword, signUp, userWithRole, type Company } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

/**
 * Privacy through the API (actors/privacy/): a subject-access export, an erasure after a
 * preview, retention settings; and after an erasure, a sweep of every GET route the API
 * describes (with filters, sorts, CSV exports, event replay and a webhook replay) that finds
 * none of the erased values, where the same sweep before the erasure found them.
 */
function receiver() {
  const received: string[] = [];
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: async (req) => (received.push(await req.text()), new Response(null, { status: 204 })) });
  return { url: `http://127.0.0.1:${server.port}/hooks`, received, stop: () => server.stop(true) };
}

/** A leaver with data in every category, and the distinctive values planted in it. */
async function leaver(api: Api, c: Company, hookUrl: string) {
  const tag = Math.random().toString(36).slice(2, 8);
  const v = {
    first: `Zoltarius${tag}`,
    last: `Quibbleworth${tag}`,
    phone: `+49 30 9${tag.length}77${Math.floor(Math.random() * 1e5)}`,
    line1: `Geheimweg ${tag} 7`,
    contact: `Ottilie${tag} Notfall`,
    personalEmail: `zq.${tag}@home.test`,
    iban: 'DE89370400440532013000',
    nickname: `Zorro${tag}`,
    document: `Arbeitsvertrag-${tag}.pdf`,
  };
  expect((await api.post('/v1/webhooks', { url: hookUrl, eventTypes: ['*'] }, { token: c.token })).status).toBe(201);
  expect((await api.post('/v1/custom-fields', { key: 'nickname', label: 'Nickname', type: 'text', tier: 'personal', writer: 'hr' }, { token: c.token })).status).toBe(201);
  const user = await userWithRole(api, c, 'employee');
  const hr = await userWithRole(api, c, 'hr');
  const e = await hireAs(api, c, user, {
    firstName: v.first,
    lastName: v.last,
    workPhone: v.phone,
    birthDate: '1981-02-03',
    hireDate: '2023-01-02',
    address: { line1: v.line1, city: 'Berlin', country: 'DE' },
    emergencyContact: { name: v.contact, phone: '+49 30 555' },
  });
  const profile = await api.patch('/v1/me/profile', { personalEmail: v.personalEmail, emergencyContacts: [{ name: v.contact, phone: '+49 30 555' }], bankAccount: { holder: `${v.first} ${v.last}`, iban: v.iban } }, { token: user.token });
  expect(profile.status).toBe(200);
  const pending = await api.get('/v1/profile-change-requests?status=pending', { token: c.token });
  expect((await api.post(`/v1/profile-change-requests/${pending.body.items[0].id}/approve`, {}, { token: hr.token })).status).toBe(200);
  expect((await api.patch(`/v1/employees/${e.id}/custom-fields`, { values: { nickname: v.nickname } }, { token: c.token })).status).toBe(200);
  expect((await api.post(`/v1/employees/${e.id}/compensation`, { effectiveDate: '2023-01-02', amount: '61234.56', currency: 'EUR', frequency: 'yearly', reason: 'hire' }, { token: c.token })).status).toBe(201);
  const today = await companyToday(api, c.token);
  expect((await api.post('/v1/attendance/punches', { source: 'mobile', clientEventId: crypto.randomUUID(), kind: 'in' }, { token: user.token })).status).toBe(201);
  const doc = await fetch(`${api.baseUrl}/v1/employees/${e.id}/documents?category=contract&name=${encodeURIComponent(v.document)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/pdf' },
    body: new TextEncoder().encode(`%PDF-1.7\n% ${tag}\n%%EOF\n`),
  });
  expect(doc.status).toBe(201);
  const documentId = ((await doc.json()) as { id: string }).id;
  return { v, user, hr, e, today, documentId };
}

async function terminate(api: Api, c: Company, employeeId: string, today: string) {
  const res = await api.post(`/v1/employees/${employeeId}/lifecycle`, { type: 'termination', effectiveDate: addDays(today, -1), reason: 'Moved away to the coast' }, { token: c.token });
  expect(res.status).toBe(201);
}

async function erase(api: Api, c: Company, employeeId: string) {
  const started = await api.post(`/v1/employees/${employeeId}/erasure`, { reason: 'Asked for by the former employee' }, { token: c.token });
  expect(started.status).toBe(202);
  return waitFor(async () => {
    const r = await api.get(`/v1/erasures/${started.body.id}`, { token: c.token });
    return r.body.status === 'completed' ? r.body : undefined;
  }, 30_000);
}

/** Every GET route of the API document, with the person's ids filled in, and with filters and sorts. */
async function sweep(api: Api, token: string, ids: Record<string, string>, extra: string[]): Promise<Map<string, string>> {
  const doc = (await api.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const urls = new Set(extra);
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!ops.get || /\/(stream|ws|sso)\b|^\/s\/|\/content$|^\/(docs|metrics)/.test(path)) continue;
    let unresolved = false;
    const url = path.replace(/\{(\w+)\}|:(\w+)/g, (_m, a, b) => {
      const name = a ?? b;
      const base = path.split('/')[2] ?? '';
      const id = ids[`${base}.${name}`] ?? ids[name];
      if (!id) unresolved = true;
      return id ?? '';
    });
    if (unresolved) continue;
    urls.add(url);
    const q = url.includes('?') ? '&' : '?';
    for (const query of ['employeeId', 'q', 'sort=lastName', 'sort=-lastName', 'status=terminated', 'after=0', 'from=2023-01-01&to=2030-12-31', 'month=2023-01']) {
      const [k, val] = query.split('=');
      urls.add(`${url}${q}${k}=${val ?? (k === 'employeeId' ? ids.employeeId : ids.q)}`);
    }
  }
  const bodies = new Map<string, string>();
  for (const url of urls) {
    const res = await fetch(`${api.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
    bodies.set(url, await res.text());
  }
  return bodies;
}

function found(bodies: Map<string, string>, values: string[]): string[] {
  const hits: string[] = [];
  for (const [url, body] of bodies) for (const value of values) if (body.toLowerCase().includes(value.toLowerCase())) hits.push(`${value} in ${url}`);
  return hits;
}

export const privacyContract: ContractCase = (target) => {
  describe('privacy', () => {
    test('subject access: HR and the employee get everything held about them, at once or as a job with progress; nobody else', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'dsar');
      const hook = receiver();
      try {
        const { v, user, e } = await leaver(api, c, hook.url);
        const now = await api.get(`/v1/employees/${e.id}/data-export`, { token: c.token });
        expect(now.status).toBe(200);
        const cats = now.body.categories;
        expect(cats.record.employees[0]).toMatchObject({ firstName: v.first, lastName: v.last });
        expect(cats.personal.personal_details[0].bankAccount.iban).toBe(v.iban);
        expect(cats.personal.custom_field_values.map((r: { value: unknown }) => r.value)).toEqual([v.nickname]);
        expect(cats.compensation.compensation_records[0].amount).toBe('61234.56');
        expect(cats.attendance.attendance_punches).toHaveLength(1);
        expect(cats.documents.documents[0]).toMatchObject({ name: v.document, contentType: 'application/pdf' });
        expect(cats.documents.documents[0].blobKey).toBeUndefined();
        expect(cats.account.users[0].passwordHash).toBeUndefined();
        expect(cats.audit.audit_log.length).toBeGreaterThan(3);
        expect(cats.events.outbox.length).toBeGreaterThan(0);
        // The employee themself, for themself only.
        expect((await api.get(`/v1/employees/${e.id}/data-export`, { token: user.token })).status).toBe(200);
        const other = await userWithRole(api, c, 'employee');
        expect((await api.get(`/v1/employees/${e.id}/data-export`, { token: other.token })).status).toBe(404);
        // As a job: it moves through its sections and ends with the same categories.
        const job = await api.post(`/v1/employees/${e.id}/data-exports`, {}, { token: user.token });
        expect([job.status, job.body.status, job.body.progress.done]).toEqual([202, 'running', 0]);
        const done = await waitFor(async () => {
          const r = await api.get(`/v1/data-exports/${job.body.id}`, { token: user.token });
          return r.body.status === 'completed' ? r.body : undefined;
        }, 20_000);
        expect(done.progress.done).toBe(done.progress.total);
        expect(Object.keys(done.export.categories).sort()).toEqual(Object.keys(cats).sort());
        expect(done.export.categories.personal.personal_details[0].bankAccount.iban).toBe(v.iban);
        expect((await api.get(`/v1/data-exports/${job.body.id}`, { token: other.token })).status).toBe(404);
      } finally {
        hook.stop();
      }
    }, 60_000);

    test('erasure: refused while employed; previewed per category; then nothing of the person can be read back through any route', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'erase');
      const hook = receiver();
      try {
        const { v, user, e, today, documentId } = await leaver(api, c, hook.url);
        const colleague = (await api.post('/v1/employees', newEmployee({ hireDate: '2023-01-02', managerId: e.id }), { token: c.token })).body;
        const early = await api.post(`/v1/employees/${e.id}/erasure`, { reason: 'x' }, { token: c.token });
        expect([early.status, early.body.code]).toEqual([409, 'employment_not_ended']);
        expect((await api.post(`/v1/employees/${e.id}/erasure`, {}, { token: c.token })).body.errors.map((x: { field: string }) => x.field)).toEqual(['reason']);
        await terminate(api, c, e.id, today);
        const headcount = (await api.get(`/v1/reports/headcount?asOf=${addDays(today, -2)}`, { token: c.token })).body;
        const turnover = (await api.get(`/v1/reports/turnover?from=2023-01-01&to=${today}`, { token: c.token })).body;
        const preview = await api.get(`/v1/employees/${e.id}/erasure`, { token: c.token });
        expect(preview.body.eligible).toBe(true);
        const of = (cat: string) => preview.body.categories.find((x: { category: string }) => x.category === cat);
        expect(of('personal').remove).toBeGreaterThanOrEqual(2);
        expect(of('documents').remove).toBe(1);
        expect(of('record').pseudonymise).toBe(1);
        expect(of('account').remove).toBeGreaterThanOrEqual(1);

        const values = Object.values(v).filter((x) => x !== v.iban).concat([v.iban, user.email, 'Moved away to the coast', '61234.56', '1981-02-03']);
        const ids = { employeeId: e.id, 'employees.id': e.id, 'users.id': user.id, 'documents.id': documentId, q: v.first };
        const csv = ['/v1/exports/employees.csv', '/v1/exports/balances.csv', `/v1/exports/payroll.csv?from=2023-01-01&to=${today}`, '/v1/events?after=0&limit=1000', '/v1/audit?limit=200', '/v1/webhook-deliveries?limit=200'];
        const before = found(await sweep(api, c.token, ids, csv), values);
        // The sweep can see them: every planted value is found somewhere before the erasure.
        for (const value of values) expect(before.some((h) => h.startsWith(`${value} in`))).toBe(true);

        const done = await erase(api, c, e.id);
        expect(done).toMatchObject({ trigger: 'request', reason: 'Asked for by the former employee', requestedBy: c.ownerId });
        expect(done.categories).toContain('personal');
        const record = (await api.get(`/v1/employees/${e.id}`, { token: c.token })).body;
        expect(record.firstName).toBe('Former employee');
        expect(record).toMatchObject({ hireDate: '2023-01-02', terminationDate: addDays(today, -1), status: 'terminated', birthDate: null, address: null });
        // Figures stay right: the person is still counted where they were.
        expect((await api.get(`/v1/reports/headcount?asOf=${addDays(today, -2)}`, { token: c.token })).body).toEqual(headcount);
        expect((await api.get(`/v1/reports/turnover?from=2023-01-01&to=${today}`, { token: c.token })).body).toEqual(turnover);
        // Their login is gone at once.
        expect((await api.get('/v1/me', { token: user.token })).status).toBe(401);
        expect((await api.post('/v1/auth/login', { tenant: c.slug, email: user.email, password: ownerPassword })).status).toBe(401);
        // A webhook replayed now carries no erased value.
        const deliveries = (await api.get('/v1/webhook-deliveries?limit=200', { token: c.token })).body.items;
        const hookCount = hook.received.length;
        expect((await api.post(`/v1/webhook-deliveries/${deliveries.at(-1).id}/replay`, {}, { token: c.token })).status).toBeLessThan(300);
        await waitFor(() => (hook.received.length > hookCount ? true : undefined), 15_000);
        expect(found(new Map([['replayed webhook', hook.received.slice(hookCount).join('\n')]]), values)).toEqual([]);

        const after = found(await sweep(api, c.token, { ...ids, 'employees.id': e.id }, csv), values);
        expect(after).toEqual([]);
        // The colleague is untouched, and the erasure is on record without the values.
        expect((await api.get(`/v1/employees/${colleague.id}`, { token: c.token })).body.firstName).toBe(colleague.firstName);
        // Their report's events name them as manager, and keep the report's own names.
        const events = JSON.stringify((await api.get('/v1/events?after=0&limit=1000', { token: c.token })).body);
        expect(events).toContain(colleague.lastName);
        const log = await api.get(`/v1/erasures?employeeId=${e.id}`, { token: c.token });
        expect(log.body.items.map((x: { id: string }) => x.id)).toEqual([done.id]);
        // Asked again: it finds nothing left to change.
        const again = await erase(api, c, e.id);
        expect(again.counts).toEqual({});
        expect((await api.get(`/v1/employees/${e.id}`, { token: c.token })).body.firstName).toBe('Former employee');
      } finally {
        hook.stop();
      }
    }, 120_000);

    test('retention: defaults per category, settable by admins, bad input named', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ret');
      const got = await api.get('/v1/settings/retention', { token: c.token });
      expect(got.body.months).toMatchObject({ personal: 6, attendance: 24, leave: 36 });
      const set = await api.request('PUT', '/v1/settings/retention', { months: { attendance: 12, documents: null } }, { token: c.token });
      expect(set.body.months).toMatchObject({ attendance: 12, documents: null, personal: 6 });
      const bad = await api.request('PUT', '/v1/settings/retention', { months: { attendance: -1, shoes: 3 } }, { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((x: { field: string }) => x.field).sort()).toEqual(['months.attendance', 'months.shoes']);
      const employee = await userWithRole(api, c, 'employee');
      expect((await api.request('PUT', '/v1/settings/retention', { months: { attendance: 1 } }, { token: employee.token })).status).toBe(403);
    });
  });
};
