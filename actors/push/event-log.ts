import { inlineLimit } from '../core/prepared';
import { asc, eq, gt, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outbox } from '../core/core.sql.ts';
import { AppError } from '../core/errors';
import { randomToken, sha256 } from '../core/ids';
import { defineEvent } from '../core/event';
import { everyone, principalId, type Principal, type Role } from '../core/principal';
import type { Db } from '../core/store';
import { streamTickets } from './push.sql.ts';
import { tenantMessage } from '../tenant/context';
import { hears, listenerOf } from './listener';

/**
 * An event as clients receive it, from the log, on /v1/stream and on /v1/ws. Its `data` is
 * the payload its type declares; the API document spells that out per type (`Event`).
 */
export const loggedEventSchema = z
  .strictObject({
    seq: z.number().int().describe('Gapless per company: resume after it with `Last-Event-ID` or `since`'),
    type: z.string(),
    subject: z.string().describe('The id of what the event is about'),
    data: z.unknown().describe('As its type declares (`GET /v1/event-types`)'),
    at: z.iso.datetime(),
  })
  .meta({ id: 'Event' });

/** A page of the tenant's event log after a sequence number, as the principal may see it. */
export const eventsSince = tenantMessage.query({
  type: 'events.since',
  access: everyone,
  input: z.strictObject({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  }),
  output: z.strictObject({ items: z.array(loggedEventSchema), lastSeq: z.number().int().describe('Pass as `after` to read on') }),
  route: { method: 'GET', path: '/v1/events', summary: "The tenant's events after a sequence number, oldest first" },
  handler: async ({ after, limit }, { db, state, principal }) => {
    const listener = listenerOf(state, principal);
    const items: { seq: number; type: string; subject: string; data: unknown; at: string }[] = [];
    let cursor = after;
    // Pages of the log until `limit` visible events or the end: invisible ones are skipped.
    for (;;) {
      const rows = await db.select().from(outbox).where(gt(outbox.seq, cursor)).orderBy(asc(outbox.seq)).limit(inlineLimit(500));
      for (const r of rows) {
        cursor = r.seq;
        if (hears(listener, r)) items.push({ seq: r.seq, type: r.type, subject: r.subject, data: r.data, at: r.at });
        if (items.length >= limit) return { items, lastSeq: cursor };
      }
      if (rows.length < 500) return { items, lastSeq: cursor };
    }
  },
});

/** Which events a principal may hear, for filtering the live stream at the edge. */
export const eventListener = tenantMessage.query({
  type: 'events.listener',
  access: everyone,
  input: z.strictObject({}),
  handler: async (_input, { db, state, principal }) => {
    const [head] = await db.select({ seq: sql<number>`coalesce(max(${outbox.seq}), 0)` }).from(outbox);
    return { ...listenerOf(state, principal), head: Number(head?.seq ?? 0) };
  },
});

/** Tells the edge that holds a stream to close it: the runtime's business, never a client's. */
export const streamClosed = defineEvent({
  type: 'internal.stream_closed',
  summary: 'An open stream must close (its principal opened too many)',
  data: z.object({ streamId: z.string(), code: z.string(), detail: z.string() }),
});

/**
 * Opens a push stream: registers it, and when its principal (or the company) already holds
 * as many open streams as allowed, closes the oldest ones, by an event every edge hears, so
 * a leaked or forgotten stream never locks anyone out. The registry lives in the actor's
 * memory; a stream opened before the actor last passivated is not counted.
 */
export const openStream = tenantMessage.command({
  type: 'stream.open',
  access: everyone,
  input: z.strictObject({}),
  handler: async (_input, ctx) => {
    const { streams } = ctx.state;
    const { perPrincipal, perTenant } = ctx.services.streams;
    const who = principalId(ctx.principal);
    const close = (streamId: string, detail: string) => {
      ctx.remove(streams, streamId);
      ctx.emit(streamClosed.create(streamId, { streamId, code: 'too_many_streams', detail }));
    };
    const own = [...streams].filter(([, s]) => s.principal === who).map(([id]) => id);
    for (const id of own.slice(0, Math.max(0, own.length - perPrincipal + 1))) close(id, `At most ${perPrincipal} streams per principal; this one was the oldest.`);
    const all = [...streams.keys()];
    for (const id of all.slice(0, Math.max(0, all.length - perTenant + 1))) close(id, `At most ${perTenant} streams per company; this one was the oldest.`);
    const streamId = ctx.ids.next('stm');
    ctx.set(streams, streamId, { principal: who });
    const [head] = await ctx.db.select({ seq: sql<number>`coalesce(max(${outbox.seq}), 0)` }).from(outbox);
    return { streamId, ...listenerOf(ctx.state, ctx.principal), head: Number(head?.seq ?? 0) };
  },
});

/** Forgets a stream that ended, so it no longer counts against its principal. */
export const closeStream = tenantMessage.command({
  type: 'stream.close',
  access: everyone,
  input: z.strictObject({ streamId: z.string().max(40) }),
  handler: (input, ctx) => {
    if (ctx.state.streams.has(input.streamId)) ctx.remove(ctx.state.streams, input.streamId);
    return { closed: true };
  },
});

/**
 * A ticket stays good for a working day: long enough that a stream resumes by itself after
 * a restart, a deploy or a dropped network, without the page asking for a new one.
 */
const ticketTtlMs = 12 * 3600_000;

const invalidTicket = () => new AppError(401, 'invalid_ticket', 'The stream ticket is unknown, revoked or expired.');

/**
 * Browsers cannot set headers on EventSource: a client trades its token for a ticket, so
 * long-lived tokens stay out of URLs and logs (the access log writes route patterns, not
 * query strings). EventSource reconnects by itself with the same URL, so the ticket may be
 * presented again until it expires. It stands for the principal that asked for it, in this
 * tenant only (its prefix routes it, its hash lives in this tenant's database); each use
 * re-checks that principal (a deactivated user, a revoked key is refused), and signing out
 * or deactivation deletes the user's tickets (forgetTickets).
 */
export const issueStreamTicket = tenantMessage.command({
  type: 'stream.issueTicket',
  idempotency: 'none',
  access: everyone,
  input: z.strictObject({}),
  output: z.strictObject({ ticket: z.string(), expiresIn: z.number().describe('Seconds') }),
  route: { method: 'POST', path: '/v1/stream/tickets', status: 201, summary: 'A ticket for GET /v1/stream and /v1/ws, good for reconnects until it expires' },
  handler: async (_input, ctx) => {
    const p = ctx.principal;
    if (p.kind !== 'user' && p.kind !== 'apiKey') throw invalidTicket();
    const ticket = `${ctx.state.tenantId}.${randomToken(24)}`;
    const now = ctx.now.getTime();
    await ctx.db.delete(streamTickets).where(lt(streamTickets.expiresAt, now));
    await ctx.db.insert(streamTickets).values({
      tokenHash: await sha256(ticket),
      principalKind: p.kind,
      principalId: principalId(p),
      role: p.role,
      expiresAt: now + ticketTtlMs,
      createdAt: ctx.now.toISOString(),
    });
    ctx.audit({ entity: 'stream_ticket', id: principalId(p) });
    return { ticket, expiresIn: ticketTtlMs / 1000 };
  },
});

/** The principal a ticket stands for; the tenant's `authenticate` then says whether it may still act. */
export const redeemStreamTicket = tenantMessage.query({
  type: 'stream.redeemTicket',
  access: 'system',
  input: z.strictObject({ ticket: z.string().max(200) }),
  handler: async ({ ticket }, { db, state, now }): Promise<Principal> => {
    const [held] = await db.select().from(streamTickets).where(eq(streamTickets.tokenHash, await sha256(ticket)));
    if (!held || held.expiresAt < now.getTime()) throw invalidTicket();
    const role = held.role as Role;
    return held.principalKind === 'user'
      ? { kind: 'user', tenantId: state.tenantId, userId: held.principalId, role }
      : { kind: 'apiKey', tenantId: state.tenantId, apiKeyId: held.principalId, role };
  },
});

/** Ends a user's stream tickets with their sessions (sign-out, deactivation). */
export async function forgetTickets(db: Db, userId: string) {
  await db.delete(streamTickets).where(eq(streamTickets.principalId, userId));
}
