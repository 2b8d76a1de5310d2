import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../actors/core/clock';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { Api, newEmployee, signUp, userWithRole } from './contract/client';
import { contractEnv } from './contract/suite';
import { startDistributed } from './support/distributed-target';
import { emailSuite } from './support/email-suite';
import { startEmbedded } from './support/embedded-target';
import { startSmtpSink } from './support/smtp-sink';

const mailEnv = (url: string) => ({ ROSTER_SMTP_URL: url, ROSTER_MAIL_FROM: 'Roster <no-reply@roster.test>', ROSTER_MAIL_RETRY_BASE_MS: '200' });

// The same cases against Roster embedded and distributed (2 gateways, 3 workers on NATS), each sending to a real SMTP server on loopback.
emailSuite('embedded', async () => {
  const sink = await startSmtpSink();
  return { sink, roster: await startEmbedded(mailEnv(sink.url)) };
});
emailSuite('distributed', async () => {
  const sink = await startSmtpSink();
  return { sink, roster: await startDistributed({ gateways: 2, workers: 3, env: mailEnv(sink.url) }) };
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("a daily digest collects a user's lines into one mail on the company's morning", async () => {
  const sink = await startSmtpSink();
  const dir = mkdtempSync(join(tmpdir(), 'roster-digest-'));
  dirs.push(dir);
  const clock = manualClock('2026-06-01T12:00:00Z');
  const config = loadConfig({ ...contractEnv, ...mailEnv(sink.url), ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0', ROSTER_LOG: 'silent' });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  const api = new Api(`http://127.0.0.1:${server.port}`);
  try {
    const c = await signUp(api, 'digest');
    await api.request('PATCH', '/v1/settings', { timeZone: 'Europe/Berlin' }, { token: c.token });
    const it = await userWithRole(api, c, 'admin');
    await api.request('PUT', '/v1/me/email-preferences', { language: 'en', channels: { 'checklist.task_assigned': 'digest' } }, { token: it.token });
    await api.post('/v1/checklist-templates', { name: 'On', kind: 'onboarding', tasks: [{ title: 'Laptop', assignee: { type: 'user', userId: it.id }, dueOffsetDays: 0 }] }, { token: c.token });
    await api.post('/v1/employees', newEmployee({ firstName: 'Ada', lastName: 'One', hireDate: '2026-06-15' }), { token: c.token });
    await api.post('/v1/employees', newEmployee({ firstName: 'Bob', lastName: 'Two', hireDate: '2026-06-16' }), { token: c.token });
    await Bun.sleep(500);
    const digests = () => sink.received.filter((m) => m.to?.text === it.email && !m.subject?.includes('invited'));
    expect(digests()).toEqual([]);
    // 08:00 in Berlin on 2 June is 06:00 UTC.
    clock.set('2026-06-02T05:59:00Z');
    await roster.host.runDueTimers();
    await Bun.sleep(300);
    expect(digests()).toEqual([]);
    clock.set('2026-06-02T06:00:00Z');
    await roster.host.runDueTimers();
    const mail = await sink.waitFor((m) => m.to?.text === it.email && !!m.subject?.includes('daily summary'));
    expect(mail.text).toContain('Ada One');
    expect(mail.text).toContain('Bob Two');
    expect(digests()).toHaveLength(1);
  } finally {
    await server.stop(true);
    await roster.close();
    await sink.close();
  }
});

test('asking for reset mails and trying reset tokens count against the login limit per client address', async () => {
  const roster = await startEmbedded({ ROSTER_LOGIN_ADDRESS_RATE: '[4,3600]' });
  try {
    const api = new Api(roster.baseUrl);
    const c = await signUp(api, 'resetdoor'); // its login is the first of the four
    const ask = () => api.post('/v1/auth/password-reset', { tenant: c.slug, email: c.ownerEmail });
    expect([(await ask()).status, (await ask()).status, (await ask()).status]).toEqual([202, 202, 202]);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect((await api.post('/v1/auth/password-reset/confirm', { token: `${c.tenantId}.guess`, password: 'a long enough password' })).status).toBe(429);
  } finally {
    await roster.close();
  }
});
