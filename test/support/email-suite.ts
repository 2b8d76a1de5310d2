import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { ParsedMail } from 'mailparser';
import { Api, newEmployee, signUp, userWithRole } from '../contract/client';
import type { Target } from '../contract/target';

// Retries wait for back-off (and a loaded machine): more than the default 5 s per case.
setDefaultTimeout(30_000);

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** What a test reads mail from: a real SMTP server, or an HTTP provider, on loopback. */
export interface Mailbox {
  received: ParsedMail[];
  refuseNext(n: number): void;
  close(): Promise<void>;
}

async function waitFor(box: Mailbox, pred: (m: ParsedMail) => boolean, timeoutMs = 15_000): Promise<ParsedMail> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = box.received.find(pred);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no such mail among ${box.received.length}: ${box.received.map((m) => `${m.to?.text} ${m.subject}`).join(' | ')}`);
    await Bun.sleep(50);
  }
}

/**
 * The email cases, written once: each mode's file starts Roster with its mail port pointed
 * at a mailbox on loopback (SMTP for Bun modes, the HTTP provider on workerd).
 */
export function emailSuite(label: string, start: () => Promise<{ roster: Target; sink: Mailbox }>) {
  describe(`email: ${label}`, () => {
    let sink: Mailbox;
    let roster: Target;
    let api: Api;
    const sinkWait = (pred: (m: ParsedMail) => boolean, timeoutMs?: number) => waitFor(sink, pred, timeoutMs);

    beforeAll(async () => {
      ({ roster, sink } = await start());
      api = new Api(roster.baseUrl);
    }, 120_000);
    afterAll(async () => {
      await roster?.close();
      await sink?.close();
    }, 60_000);

    /** A company with a template whose one task goes to an IT admin, and a way to hire. */
    async function companyWithTemplate(prefix: string) {
      const c = await signUp(api, prefix);
      const it = await userWithRole(api, c, 'admin');
      await api.post('/v1/checklist-templates', { name: 'Onboarding', kind: 'onboarding', tasks: [{ title: `Laptop ${prefix}`, assignee: { type: 'user', userId: it.id }, dueOffsetDays: -2 }] }, { token: c.token });
      const hire = () => api.post('/v1/employees', newEmployee({ firstName: 'Ada', lastName: `Lovelace-${prefix}`, hireDate: day(7) }), { token: c.token });
      return { c, it, hire };
    }

    /** The checklist mails of one user (their invite is a mail too). */
    const taskMail = (to: string) => (m: { to?: { text: string }; text?: string }) => m.to?.text === to && !!m.text?.includes('Laptop');
    const taskMails = (to: string) => sink.received.filter(taskMail(to));

    test('a hire starts its checklist and the assignee gets a mail: company name, plain text and HTML, one per notification', async () => {
      const { c, it, hire } = await companyWithTemplate('mail1');
      expect((await hire()).status).toBe(201);
      const mail = await sinkWait(taskMail(it.email));
      expect(mail.subject).toBe(`[Company ${c.slug}] New tasks for you`);
      expect(mail.from?.text).toContain('no-reply@roster.test');
      expect(mail.text).toContain('Hello admin person,');
      expect(mail.text).toContain('Laptop mail1');
      expect(mail.text).toContain('Ada Lovelace-mail1');
      expect(mail.html).toContain('<li>');
      expect(mail.html).toContain('Laptop mail1');
      expect(mail.messageId).toMatch(/^<mal_[0-9a-z]{26}@roster\.test>$/);
      await Bun.sleep(300);
      expect(taskMails(it.email)).toHaveLength(1);
    });

    test('each user chooses per type (in-app only stays in the app) and their language; the company can turn mail off', async () => {
      const { c, it, hire } = await companyWithTemplate('mail2');
      const prefs = await api.request('PUT', '/v1/me/email-preferences', { language: 'de', channels: {} }, { token: it.token });
      expect(prefs.status).toBe(200);
      expect(prefs.body).toEqual({ language: 'de', channels: {}, emailAvailable: true });
      await hire();
      const german = await sinkWait(taskMail(it.email));
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
      expect(taskMails(it.email)).toHaveLength(1);
      // In the app, all three arrived.
      const inbox = await api.get('/v1/notifications', { token: it.token });
      expect(inbox.body.items.filter((n: { type: string }) => n.type === 'checklist.task_assigned')).toHaveLength(3);
      expect((await api.get('/v1/me/email-preferences', { token: it.token })).body.emailAvailable).toBe(false);
      expect((await api.request('PUT', '/v1/settings/email', { enabled: true }, { token: (await userWithRole(api, c, 'hr')).token })).status).toBe(403);
    });

    test('a mail the server refuses is retried with back-off and arrives once; the command did not wait for it', async () => {
      const { it, hire } = await companyWithTemplate('mail3');
      // The invite mail is out first, so that the refusals below fall on the task mail.
      await sinkWait((m) => m.to?.text === it.email && !!m.subject?.includes('invited'));
      sink.refuseNext(2);
      const started = Date.now();
      expect((await hire()).status).toBe(201);
      expect(Date.now() - started).toBeLessThan(2000);
      const mail = await sinkWait(taskMail(it.email), 15_000);
      expect(mail.text).toContain('Laptop mail3');
      await Bun.sleep(1500);
      expect(taskMails(it.email)).toHaveLength(1);
    });

    test('an invite arrives by mail with its link', async () => {
      const c = await signUp(api, 'mailinv');
      const email = `new.person@${c.slug}.test`;
      const invite = await api.post('/v1/invites', { email, name: 'New Person', role: 'employee' }, { token: c.token });
      const mail = await sinkWait((m) => m.to?.text === email);
      expect(mail.subject).toBe(`[Company ${c.slug}] You are invited`);
      expect(mail.text).toContain(invite.body.inviteUrl);
    });

    test('password reset: one answer for every address, a single-use link by mail, other sessions ended, three mails an hour at most', async () => {
      const c = await signUp(api, 'mailreset');
      const ask = (tenant: string, email: string) => api.post('/v1/auth/password-reset', { tenant, email });
      const answers = [await ask(c.slug, c.ownerEmail), await ask(c.slug, `nobody@${c.slug}.test`), await ask('no-such-company', c.ownerEmail)];
      expect(answers.map((r) => [r.status, r.body])).toEqual([[202, { accepted: true }], [202, { accepted: true }], [202, { accepted: true }]]);
      const mail = await sinkWait((m) => m.to?.text === c.ownerEmail);
      expect(mail.subject).toBe(`[Company ${c.slug}] Reset your password`);
      const token = decodeURIComponent(/reset-password#token=(\S+)/.exec(mail.text ?? '')![1]!);
      expect(sink.received.some((m) => m.to?.text === `nobody@${c.slug}.test`)).toBe(false);

      const weak = await api.post('/v1/auth/password-reset/confirm', { token, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors[0].field).toBe('password');
      const fresh = 'a brand new password 42';
      const done = await api.post('/v1/auth/password-reset/confirm', { token, password: fresh });
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ reset: true });
      const again = await api.post('/v1/auth/password-reset/confirm', { token, password: 'yet another password 43' });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('invalid_reset_token');
      expect((await api.post('/v1/auth/refresh', { refreshToken: c.refreshToken })).status).toBe(401);
      expect((await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: 'correct horse battery staple' })).status).toBe(401);
      expect((await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: fresh })).status).toBe(200);

      for (let i = 0; i < 4; i++) expect((await ask(c.slug, c.ownerEmail)).status).toBe(202);
      await Bun.sleep(1000);
      expect(sink.received.filter((m) => m.to?.text === c.ownerEmail)).toHaveLength(3);
    });
  });
}
