import { eq, inArray } from 'drizzle-orm';
import { armRetryTimer, dueAttempts } from '../core/retry-timer';
import { z } from 'zod';
import { defineEvent } from '../core/event';
import type { CommandCtx } from '../core/message';
import { localDate, zonedInstant, addDays } from '../organisation/calendar';
import { retryDelayMs } from '../webhooks/policy';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { companyZone, tenantToday } from '../tenant/today';
import { mailOutbox, mailPreferences, mailSettings, type MailChannel, type MailLanguage, type MailRow } from './mail.sql.ts';
import { renderMail } from './templates';

type Ctx = CommandCtx<TenantState, TenantServices>;

/** Internal event telling the runtime's mail dispatcher that this tenant has mail to send. */
export const mailDue = defineEvent({
  type: 'internal.mail_due',
  summary: 'Internal: mail is due to be sent (never pushed to clients)',
  data: z.object({}),
});
export const mailEvents = [mailDue];

const timerKey = 'mail:next';
const digestTimerKey = 'mail:digest';
const claimMs = 60_000;
/** The digest goes out at this hour of the company's morning. */
const digestHour = '08:00';

/** Whether this company sends mail: the deployment can (SMTP or a provider is configured) and the company has not turned it off. */
export async function companySendsMail(ctx: Pick<Ctx, 'db' | 'services'>): Promise<boolean> {
  if (!ctx.services.mail?.enabled) return false;
  const [row] = await ctx.db.select().from(mailSettings).where(eq(mailSettings.id, 1));
  return row?.emailEnabled ?? true;
}

export async function preferencesOf(db: Ctx['db'], userId: string): Promise<{ language: MailLanguage; channels: Record<string, MailChannel> }> {
  const [row] = await db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId));
  return row ? { language: row.language, channels: row.channels } : { language: 'en', channels: {} };
}

interface Outgoing {
  dedupeKey: string;
  userId: string | null;
  to: string;
  type: string;
  language: MailLanguage;
  recipient: string;
  lines: string[];
  link?: string;
  status?: 'pending' | 'held';
}

/** Writes one mail into the outbox, in the current transaction; a second one with the same key is dropped. */
export async function queueMail(ctx: Ctx, m: Outgoing): Promise<void> {
  const company = ctx.state.profile?.name ?? 'Roster';
  const { subject, text, html } = renderMail({ type: m.type, language: m.language, company, recipient: m.recipient, lines: m.lines, ...(m.link ? { link: m.link } : {}) });
  const at = ctx.now.toISOString();
  const row: MailRow = {
    id: ctx.ids.next('mal'),
    dedupeKey: m.dedupeKey,
    userId: m.userId,
    toAddress: m.to,
    type: m.type,
    subject,
    textBody: text,
    htmlBody: html,
    status: m.status ?? 'pending',
    attempts: 0,
    nextAttemptAt: at,
    claimedUntil: null,
    lastError: null,
    createdAt: at,
    sentAt: null,
  };
  await ctx.db.insert(mailOutbox).values(row).onConflictDoNothing({ target: mailOutbox.dedupeKey });
  if (row.status === 'pending') await announce(ctx);
  else await scheduleDigest(ctx);
}

/**
 * A notification reaches its user by mail as well, by their choice for its type: in the app
 * only, a mail now, or a line in tomorrow morning's digest. Mail is the default.
 */
export async function mailNotification(ctx: Ctx, n: { id: string; userId: string; type: string; title: string; body: string }) {
  const user = ctx.state.identity.users.get(n.userId);
  if (!user || user.status !== 'active' || !(await companySendsMail(ctx))) return;
  const prefs = await preferencesOf(ctx.db, n.userId);
  const channel = prefs.channels[n.type] ?? 'email';
  if (channel === 'in_app') return;
  await queueMail(ctx, {
    dedupeKey: `ntf:${n.id}`,
    userId: n.userId,
    to: user.email,
    type: n.type,
    language: prefs.language,
    recipient: user.name,
    lines: [`${n.title}: ${n.body}`],
    status: channel === 'digest' ? 'held' : 'pending',
  });
}

async function scheduleDigest(ctx: Ctx) {
  const zone = companyZone(ctx.state);
  const today = tenantToday(ctx.state, ctx.now);
  const todayAt = zonedInstant(today, digestHour, zone);
  const at = todayAt > ctx.now ? todayAt : zonedInstant(addDays(today, 1), digestHour, zone);
  await ctx.schedule({ key: digestTimerKey, at, type: 'mail.sendDigests', payload: {} });
}

/** The morning timer: each user's held lines become one mail. */
export const sendDigests = tenantMessage.command({
  type: 'mail.sendDigests',
  access: 'system',
  input: z.strictObject({}),
  handler: async (_input, ctx) => {
    const held = await ctx.db.select().from(mailOutbox).where(eq(mailOutbox.status, 'held')).orderBy(mailOutbox.id);
    const byUser = new Map<string, MailRow[]>();
    for (const m of held) if (m.userId) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
    const day = localDate(ctx.now, companyZone(ctx.state));
    for (const [userId, rows] of byUser) {
      const user = ctx.state.identity.users.get(userId);
      await ctx.db.update(mailOutbox).set({ status: 'digested' }).where(inArray(mailOutbox.id, rows.map((r) => r.id)));
      if (!user || user.status !== 'active') continue;
      const prefs = await preferencesOf(ctx.db, userId);
      const lines = rows.map((r) => r.textBody.split('\n').find((l) => l.startsWith('- '))?.slice(2) ?? r.subject);
      await queueMail(ctx, { dedupeKey: `digest:${userId}:${day}:${rows[0]!.id}`, userId, to: user.email, type: 'mail.digest', language: prefs.language, recipient: user.name, lines });
    }
    return { digests: byUser.size };
  },
});

/** Tells the dispatcher now, and arms the tenant's one mail timer for the next retry. */
function announce(ctx: Ctx) {
  return armRetryTimer(ctx, mailOutbox, { key: timerKey, type: 'mail.wake' }, () => mailDue.create(ctx.state.tenantId, {}));
}

export const wakeMail = tenantMessage.command({
  type: 'mail.wake',
  access: 'system',
  input: z.strictObject({}),
  handler: async (_input, ctx) => {
    await announce(ctx);
    return { ok: true };
  },
});

/** The dispatcher takes the due mail for a minute; another dispatcher will not send it meanwhile. */
export const claimDueMail = tenantMessage.command({
  type: 'mail.claimDue',
  access: 'system',
  input: z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }),
  handler: async ({ limit }, ctx) => {
    const now = ctx.now.toISOString();
    const due = await dueAttempts(ctx.db, mailOutbox, now, limit);
    const until = new Date(ctx.now.getTime() + claimMs).toISOString();
    for (const m of due) await ctx.db.update(mailOutbox).set({ claimedUntil: until }).where(eq(mailOutbox.id, m.id));
    if (due.length > 0) await announce(ctx);
    return { items: due.map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, html: m.htmlBody, attempt: m.attempts + 1 })) };
  },
});

export const recordMailAttempt = tenantMessage.command({
  type: 'mail.recordAttempt',
  access: 'system',
  input: z.strictObject({ id: z.string(), ok: z.boolean(), error: z.string().max(500).nullable() }),
  handler: async (input, ctx) => {
    const [m] = await ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, input.id));
    if (!m || m.status !== 'pending') return { ignored: true };
    const attempts = m.attempts + 1;
    const policy = ctx.services.mail ?? { maxAttempts: 8, baseDelayMs: 10_000 };
    const status = input.ok ? 'sent' : attempts >= policy.maxAttempts ? 'dead' : 'pending';
    const next = new Date(ctx.now.getTime() + retryDelayMs({ ...policy, allowPrivate: false }, m.id, attempts)).toISOString();
    await ctx.db
      .update(mailOutbox)
      .set({ status, attempts, nextAttemptAt: status === 'pending' ? next : m.nextAttemptAt, claimedUntil: null, lastError: input.error, sentAt: input.ok ? ctx.now.toISOString() : null })
      .where(eq(mailOutbox.id, m.id));
    await announce(ctx);
    return { status, attempts };
  },
});
