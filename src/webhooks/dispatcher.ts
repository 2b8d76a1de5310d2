import { Webhook } from 'standardwebhooks';
import { deliveriesDue } from '../../actors/webhooks/deliveries';
import { addressLiteral, hostRefusal, isPublicAddress } from '../../actors/webhooks/addresses';
import type { PublishedEvent } from '../../actors/core/event';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import { systemPrincipal as system } from '../../actors/core/principal';

/** Every tenant's committed events; returns how to stop listening. */
export type AllTenantEvents = (listener: (tenantId: string, events: readonly PublishedEvent[]) => void) => () => void;

/** Sends one POST; `address` is where to connect (undefined: let the platform resolve the name). Resolves to the status. */
export type WebhookPost = (
  url: URL,
  address: string | undefined,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
) => Promise<number>;

/** Where there is no DNS API (Workers): the platform's fetch resolves, from its own network. */
const fetchPost: WebhookPost = async (url, _address, { headers, body, timeoutMs }) => {
  const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return res.status;
};

export interface DispatcherOptions {
  /** Only calls: the dispatcher reads no reply hints. */
  client: Pick<ActorClient, 'call'>;
  events: AllTenantEvents;
  log: Logger;
  allowPrivate: boolean;
  /** Resolves a host name to its addresses, to refuse private targets at send time; absent where the platform already forbids them. */
  resolve?: (host: string) => Promise<string[]>;
  /** How a POST is sent; with `resolve`, it must connect to the address it is given (src/webhooks/pinned-post.ts). */
  post?: WebhookPost;
  timeoutMs?: number;
  /** Deliveries sent at once per tenant. */
  concurrency?: number;
  /** Told of each attempt's result, e.g. for metrics. */
  onAttempt?: (ok: boolean) => void;
}

interface Claimed {
  id: string;
  url: string;
  secret: string;
  payload: unknown;
  attempt: number;
  requestId: string;
}


/**
 * Sends webhook deliveries. It hears a tenant's `internal.webhooks_due` event, claims the
 * due deliveries from the tenant's actor (so two dispatchers never send the same one at the
 * same time), signs each with the Standard Webhooks scheme, posts it, and records the
 * outcome, on which the actor schedules the retry or moves it to the dead-letter list.
 */
export function startWebhookDispatcher(o: DispatcherOptions) {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const call = (tenantId: string, type: string, payload: unknown) =>
    o.client.call({ kind: 'tenant', id: tenantId }, { type, payload, meta: { requestId: `webhooks:${tenantId}`, principal: system } });

  const post = o.post ?? fetchPost;
  const refused = (why: string) => ({ ok: false, status: null, error: `refused: ${why}` });

  async function send(d: Claimed): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    try {
      const url = new URL(d.url);
      // Checked again at send time: rows registered under an older, looser rule are caught too.
      const refusal = o.allowPrivate ? undefined : hostRefusal(url.hostname);
      if (refusal) return refused(refusal);
      let address = addressLiteral(url.hostname);
      if (address === undefined && o.resolve) {
        // Resolved once, every answer checked, and the connection pinned to the first: a
        // second resolution (DNS rebinding) never happens, so it cannot change the target.
        const answers = await o.resolve(url.hostname);
        const bad = o.allowPrivate ? undefined : answers.find((a) => !isPublicAddress(a));
        if (bad !== undefined) return refused(`${url.hostname} resolves to a private address`);
        address = answers[0];
        if (address === undefined) return { ok: false, status: null, error: `${url.hostname} does not resolve` };
      }
      const body = JSON.stringify(d.payload);
      const at = new Date();
      const signature = new Webhook(d.secret).sign(d.id, at, body);
      const headers = {
        'content-type': 'application/json',
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'Roster-Webhooks/1',
        // The request that caused the event: the thread from a receiver's log back to ours.
        'x-request-id': d.requestId,
      };
      // Redirects stay unfollowed (a 3xx is a failed attempt): a redirect could lead anywhere.
      const status = await post(url, address, { headers, body, timeoutMs });
      const ok = status >= 200 && status < 300;
      return { ok, status, error: ok ? null : `HTTP ${status}` };
    } catch (e) {
      return { ok: false, status: null, error: String(e instanceof Error ? e.message : e).slice(0, 500) };
    }
  }

  async function drain(tenantId: string): Promise<void> {
    for (;;) {
      const { items } = (await call(tenantId, 'webhooks.claimDue', { limit: o.concurrency ?? 8 })) as { items: Claimed[] };
      if (items.length === 0) return;
      await Promise.all(
        items.map(async (d) => {
          const outcome = await send(d);
          o.onAttempt?.(outcome.ok);
          o.log.info('webhook attempt', { tenant: tenantId, delivery: d.id, attempt: d.attempt, ok: outcome.ok, status: outcome.status });
          await call(tenantId, 'webhooks.recordAttempt', { id: d.id, ...outcome });
        }),
      );
    }
  }

  function wake(tenantId: string) {
    if (running.has(tenantId)) {
      again.add(tenantId);
      return;
    }
    const run = drain(tenantId)
      .catch((e) => o.log.warn('webhook dispatch failed', { tenant: tenantId, error: String(e) }))
      .finally(() => {
        running.delete(tenantId);
        if (again.delete(tenantId)) wake(tenantId);
      });
    running.set(tenantId, run);
  }

  const unsubscribe = o.events((tenantId, events) => {
    if (events.some((e) => e.type === deliveriesDue)) wake(tenantId);
  });
  return {
    wake,
    async stop() {
      unsubscribe();
      await Promise.allSettled(running.values());
    },
  };
}
