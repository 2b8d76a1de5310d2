import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../actors/core/clock';
import { tenantBlobPrefix } from '../actors/documents/blob-store';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { s3BlobStore } from '../src/storage/blobs/s3-blobs';
import { Api, hireAs, newEmployee, signUp, userWithRole } from './contract/client';
import { contractEnv } from './contract/suite';
import { startS3Server, type S3Server } from './support/s3-server';

/**
 * Documents over time, on a clock the test moves: expiry reminders fire on their day in the
 * company's zone, and the orphan sweep. Files go to a real S3-protocol server (s3rver), the
 * distributed mode's store, so the whole upload path runs against it too.
 */
const dirs: string[] = [];
let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
}, 30_000);
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await s3.stop();
});

function serverAt(start: Date | string) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-docs-'));
  dirs.push(dir);
  const clock = manualClock(start);
  const s3env = { ROSTER_DOCUMENTS_STORE: 's3', ROSTER_S3_BUCKET: s3.bucket, ROSTER_S3_ENDPOINT: s3.endpoint, ROSTER_S3_REGION: 'us-east-1', ROSTER_S3_ACCESS_KEY_ID: s3.accessKeyId, ROSTER_S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
  const config = loadConfig({ ...contractEnv, ...s3env, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0' });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    clock,
    roster,
    base,
    api: new Api(base),
    blobs: s3BlobStore({ bucket: s3.bucket, endpoint: s3.endpoint, region: 'us-east-1', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }),
    async stop() {
      await server.stop(true);
      await roster.close();
    },
  };
}

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.7\n% ${text}\n`);
const upload = async (base: string, path: string, token: string, bytes: Uint8Array) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: bytes as Uint8Array<ArrayBuffer> });
  return { status: res.status, body: (await res.json()) as any };
};

describe('documents over time', () => {
  test('a work permit expiring on 31 March reminds HR and the employee 30 and 7 days before, at 09:00 Berlin time', async () => {
    const { clock, roster, api, base, stop } = serverAt('2027-01-04T10:00:00Z');
    try {
      const c = await signUp(api, 'permit');
      await api.patch('/v1/settings', { timeZone: 'Europe/Berlin' }, { token: c.token });
      const hr = await userWithRole(api, c, 'hr');
      const worker = await userWithRole(api, c, 'employee');
      const colleague = await userWithRole(api, c, 'employee');
      const emp = await hireAs(api, c, worker);
      const permit = await upload(base, `/v1/employees/${emp.id}/documents?category=work_permit&name=Work%20permit.pdf&expiresOn=2027-03-31`, hr.token, pdf('permit'));
      expect(permit.status).toBe(201);
      const inbox = async (token: string) => (await api.get('/v1/notifications', { token })).body.items.filter((n: { title: string }) => n.title === 'A document expires soon');
      // 1 March, 08:59 Berlin (07:59 UTC): not yet.
      clock.set('2027-03-01T07:59:00Z');
      await roster.host.runDueTimers();
      expect(await inbox(worker.token)).toHaveLength(0);
      clock.set('2027-03-01T08:00:00Z');
      await roster.host.runDueTimers();
      for (const who of [worker, hr]) expect((await inbox(who.token)).map((n: { body: string }) => n.body)).toEqual(['Work permit.pdf expires on 2027-03-31 (in 30 days).']);
      expect((await inbox(c.token)).length).toBe(1);
      expect(await inbox(colleague.token)).toHaveLength(0);
      clock.set('2027-03-24T08:00:00Z');
      await roster.host.runDueTimers();
      expect((await inbox(worker.token)).length).toBe(2);
    } finally {
      await stop();
    }
  }, 30_000);

  test('an upload that fails after its bytes were stored leaves a blob nobody can reach; the sweep removes it, and the blobs of deleted documents, after the grace period', async () => {
    const { clock, api, base, blobs, stop } = serverAt(new Date());
    try {
      const c = await signUp(api, 'sweep');
      const colleague = await userWithRole(api, c, 'employee');
      const emp = (await api.post('/v1/employees', newEmployee({}), { token: c.token })).body;
      const kept = (await upload(base, `/v1/employees/${emp.id}/documents?category=contract&name=kept.pdf`, c.token, pdf('kept'))).body;
      const gone = (await upload(base, `/v1/employees/${emp.id}/documents?category=contract&name=gone.pdf`, c.token, pdf('gone'))).body;
      expect((await api.delete(`/v1/documents/${gone.id}`, { token: c.token })).status).toBe(204);
      // The edge stores the bytes, then the actor refuses (a colleague may not attach): the crash case.
      expect((await upload(base, `/v1/employees/${emp.id}/documents?category=other&name=x.pdf`, colleague.token, pdf('refused'))).status).toBe(403);
      // And a blob written just before a crash, never committed.
      await blobs.put(`${tenantBlobPrefix(c.tenantId)}crashedcrashedcrashedcrashed`, pdf('crash'), 'application/pdf');
      const prefix = tenantBlobPrefix(c.tenantId);
      // Another company's file, old enough to sweep: not this company's sweep to touch.
      const other = await signUp(api, 'sweepother');
      const otherKey = `${tenantBlobPrefix(other.tenantId)}othercompanyothercompany`;
      await blobs.put(otherKey, pdf('other company'), 'application/pdf');
      expect((await blobs.list(prefix)).length).toBe(4);
      // None of the orphans is visible: the employee's documents are the one committed and live.
      expect((await api.get(`/v1/employees/${emp.id}/documents`, { token: c.token })).body.items.map((d: { id: string }) => d.id)).toEqual([kept.id]);
      // Within the grace period an upload may still be on its way: nothing is removed.
      expect((await api.post('/v1/document-sweeps', {}, { token: c.token })).body).toEqual({ removed: 0 });
      clock.advance(2 * 3600_000);
      expect((await api.post('/v1/document-sweeps', {}, { token: c.token })).body).toEqual({ removed: 3 });
      expect((await blobs.list(prefix)).length).toBe(1);
      expect(await blobs.get(otherKey)).toEqual(pdf('other company'));
      const res = await fetch(`${base}/v1/documents/${kept.id}/content`, { headers: { authorization: `Bearer ${c.token}` } });
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf('kept'));
    } finally {
      await stop();
    }
  }, 30_000);
});
