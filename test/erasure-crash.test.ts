import { afterAll, describe, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, Api, companyToday, newEmployee, signUp } from './contract/client';
import { startRosterProcess, type RosterProcess } from './support/process-target';
import { waitFor } from './support/wait';

const dirs: string[] = [];
const procs: RosterProcess[] = [];
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * An erasure killed with SIGKILL in the middle (a real process, as test/durability.test.ts
 * kills it): read straight from the tenant's database file before anything restarts, every
 * row holds either all of the person's values or none (each step commits its rows with the
 * job's progress marker), and after a restart the job resumes by itself and finishes.
 */
describe('erasure after kill -9 (embedded, a real process)', () => {
  test('each row is untouched or fully anonymised at the kill; the job resumes on restart and finishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-erasure-'));
    dirs.push(dir);
    const first = await startRosterProcess(dir);
    procs.push(first);
    const api = new Api(first.baseUrl);
    const c = await signUp(api, 'crash');
    const tag = Math.random().toString(36).slice(2, 8);
    const first_ = `Wilhelmina${tag}`;
    const last = `Crashfield${tag}`;
    const phone = `+49 40 ${Math.floor(1e6 + Math.random() * 8e6)}`;
    // A long history: each change leaves an audit row and an event that carry the names.
    const hired = await api.post('/v1/employees', newEmployee({ firstName: first_, lastName: last, workPhone: phone, birthDate: '1979-09-09', hireDate: '2022-01-03' }), { token: c.token });
    expect(hired.status).toBe(201);
    const id = hired.body.id as string;
    let etag = hired.headers.get('etag')!;
    for (let i = 0; i < 400; i++) {
      const res = await api.patch(`/v1/employees/${id}`, { jobTitle: `Title ${i}` }, { token: c.token, headers: { 'if-match': etag } });
      expect(res.status).toBe(200);
      etag = res.headers.get('etag')!;
    }
    const upload = await fetch(`${first.baseUrl}/v1/employees/${id}/documents?category=contract&name=contract.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/pdf' },
      body: new TextEncoder().encode(`%PDF-1.7\n% ${tag}\n%%EOF\n`),
    });
    expect(upload.status).toBe(201);
    const blobs = join(dir, 'documents', 'tenants', c.tenantId, 'documents');
    const stored = () => (existsSync(blobs) ? readdirSync(blobs).length : 0);
    expect(stored()).toBe(1);
    const today = await companyToday(api, c.token);
    expect((await api.post(`/v1/employees/${id}/lifecycle`, { type: 'termination', effectiveDate: addDays(today, -1), reason: 'Left for the sea' }, { token: c.token })).status).toBe(201);

    const started = await api.post(`/v1/employees/${id}/erasure`, { reason: 'Asked for by the former employee' }, { token: c.token });
    expect(started.status).toBe(202);
    // Killed once some steps have committed and others have not.
    await waitFor(async () => {
      const r = await api.get(`/v1/erasures/${started.body.id}`, { token: c.token });
      return r.body.progress.done >= 1 ? true : undefined;
    }, 20_000, 1);
    await first.kill('SIGKILL');

    const db = new Database(join(dir, 'tenants', `${c.tenantId}.db`), { readonly: true });
    const job = db.query('select step, status from privacy_erasures where id = ?').get(started.body.id) as { step: number; status: string };
    expect(job.status).toBe('running');
    const values = [first_, last, phone];
    const rows = [
      ...db.query('select changes as t from audit_log').all(),
      ...db.query('select data as t from outbox').all(),
      ...db.query("select first_name || ' ' || last_name || ' ' || coalesce(work_phone, '') as t from employees where id = ?").all(id),
    ] as { t: string }[];
    let untouched = 0;
    let done = 0;
    for (const { t } of rows) {
      const held = values.filter((v) => t.includes(v)).length;
      if (held === 0) done++;
      else if (t.includes(first_) || t.includes(last)) {
        // A row that names them names them whole: never a first name without its last.
        expect(t.includes(first_) && t.includes(last)).toBe(true);
        untouched++;
      }
    }
    // The record is rewritten in one step for every category: names and personal fields go together.
    const record = db.query('select first_name as firstName, birth_date as birthDate from employees where id = ?').get(id) as { firstName: string; birthDate: string | null };
    expect([record.firstName === first_, record.birthDate !== null]).toEqual(record.firstName === first_ ? [true, true] : [false, false]);
    db.close();
    // The kill came in the middle: some rows were done, some not yet.
    expect(untouched).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(0);

    const second = await startRosterProcess(dir);
    procs.push(second);
    const api2 = new Api(second.baseUrl);
    const login = await api2.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: 'correct horse battery staple' });
    const token = login.body.accessToken as string;
    const finished = await waitFor(async () => {
      const r = await api2.get(`/v1/erasures/${started.body.id}`, { token });
      return r.body.status === 'completed' ? r.body : undefined;
    }, 30_000);
    expect(finished.progress.done).toBe(finished.progress.total);
    const after = JSON.stringify([
      (await api2.get(`/v1/audit?employeeId=${id}&limit=200`, { token })).body,
      (await api2.get('/v1/events?after=0&limit=1000', { token })).body,
      (await api2.get(`/v1/employees/${id}`, { token })).body,
    ]);
    for (const v of values) expect(after).not.toContain(v);
    expect(after).toContain('Former employee');
    // The document's bytes went after its row.
    expect(stored()).toBe(0);
    await second.kill('SIGTERM');
  }, 120_000);
});
