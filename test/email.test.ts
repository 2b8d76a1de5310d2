import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole } from './contract/client';
import type { Target } from './contract/target';
import { startEmbedded } from './support/embedded-target';
import { startSmtpSink } from './support/smtp-sink';

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let roster: Target;
let api: Api;

beforeAll(async () => {
  sink = await startSmtpSink();
  roster = await startEmbedded({ ROSTER_SMTP_URL: sink.url, ROSTER_MAIL_FROM: 'Roster <no-reply@roster.test>', ROSTER_MAIL_RETRY_BASE_MS: '200' });
  api = new Api(roster.baseUrl);
});
afterAll(async () => {
  await roster.close();
  await sink.close();
});

/** A company with a template whose one task goes to an IT admin, and a way to hire. */
async function companyWithTemplate(prefix: string) {
  const c = await signUp(api, prefix);
  const it = await userWithRole(api, c, 'admin');
  await api.post('/v1/checklist-templates', { name: 'Onboarding', kind: 'onboarding', tasks: [{ title: `Laptop ${prefix}`, assignee: { type: 'user', userId: it.id }, dueOffsetDays: -2 }] }, { token: c.token });
  const hire = () => api.post('/v1/employees', newEmployee({ firstName: 'Ada', lastName: `Lovelace-${prefix}`, hireDate: day(7) }), { token: c.token });
  return { c, it, hire };
}

describe('email', () => {
  test('a hire starts its checklist and the assignee gets a mail: company name, plain text and HTML, one per notification', async () => {
    const { c, it, hire } = await companyWithTemplate('mail1');
    expect((await hire()).status).toBe(201);
    const mail = await sink.waitFor((m) => m.to?.text === it.email);
    expect(mail.subject).toBe(`[Company ${c.slug}] New tasks for you`);
    expect(mail.from?.text).toContain('no-reply@roster.test');
    expect(mail.text).toContain('Hello admin person,');
    expect(mail.text).toContain('Laptop mail1');
    expect(mail.text).toContain('Ada Lovelace-mail1');
    expect(mail.html).toContain('<li>');
    expect(mail.html).toContain('Laptop mail1');
    expect(mail.messageId).toMatch(/^<mal_[0-9a-z]{26}@roster\.test>$/);
    await Bun.sleep(300);
    expect(sink.received.filter((m) => m.to?.text === it.email)).toHaveLength(1);
  });

  test('each user chooses per type (in-app only stays in the app) and their language; the company can turn mail off', async () => {
    const { c, it, hire } = await companyWithTemplate('mail2');
    const prefs = await api.request('PUT', '/v1/me/email-preferences', { language: 'de', channels: {} }, { token: it.token });
    expect(prefs.status).toBe(200);
    expect(prefs.body).toEqual({ language: 'de', channels: {}, emailAvailable: true });
    await hire();
    const german = await sink.waitFor((m) => m.to?.text === it.email);
    expect(german.subject).toBe(`[Company ${c.slug}] Neue Aufgaben für Sie`);
    expect(german.text).toContain('Hallo admin person,');

    await api.request('PUT', '/v1/me/email-preferences', { language: 'en', channels: { 'checklist.task_assigned': 'in_app' } }, { token: it.token });
    await hire();
    const bad = await api.request('PUT', '/v1/me/email-preferences', { language: 'fr', channels: { 'checklist.task_assigned': 'pigeon' } }, { token: it.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channels.checklist.task_assigned', 'language']);

    await api.request('PUT', '/v1/me/email-preferences', { language: 'en', channels: {} }, { token: it.token });
    expect((await api.request('PUT', '/v1/settings/email', { enabled: false }, { token: it.token })).body).toEqual({ enabled: false, available: true });
    await hire();
    await Bun.sleep(800);
    expect(sink.received.filter((m) => m.to?.text === it.email)).toHaveLength(1);
    // In the app, all three arrived.
    const inbox = await api.get('/v1/notifications', { token: it.token });
    expect(inbox.body.items.filter((n: { type: string }) => n.type === 'checklist.task_assigned')).toHaveLength(3);
    expect((await api.get('/v1/me/email-preferences', { token: it.token })).body.emailAvailable).toBe(false);
    expect((await api.request('PUT', '/v1/settings/email', { enabled: true }, { token: (await userWithRole(api, c, 'hr')).token })).status).toBe(403);
  });

  test('a mail the server refuses is retried with back-off and arrives once; the command did not wait for it', async () => {
    const { it, hire } = await companyWithTemplate('mail3');
    sink.refuseNext(2);
    const started = Date.now();
    expect((await hire()).status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2000);
    const mail = await sink.waitFor((m) => m.to?.text === it.email, 15_000);
    expect(mail.text).toContain('Laptop mail3');
    await Bun.sleep(1500);
    expect(sink.received.filter((m) => m.to?.text === it.email)).toHaveLength(1);
  });
});
