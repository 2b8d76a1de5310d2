import { mailDue } from '../../actors/mail/outbox';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import type { AllTenantEvents } from '../webhooks/dispatcher';
import type { MailSender } from './sender';

interface Claimed {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attempt: number;
}

const system = { kind: 'system' } as const;

/**
 * Sends the tenants' mail, outside any command: it hears `internal.mail_due`, claims the due
 * rows from the tenant's actor (two dispatchers never send one at once), hands each to the
 * mail port and records the outcome, on which the actor schedules the retry or gives up.
 * Shaped like the webhook dispatcher, on purpose.
 */
export function startMailDispatcher(o: { client: ActorClient; events: AllTenantEvents; log: Logger; sender: MailSender; from: string; concurrency?: number }) {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const call = (tenantId: string, type: string, payload: unknown) => o.client.call({ kind: 'tenant', id: tenantId }, { type, payload, meta: { requestId: `mail:${tenantId}`, principal: system } });

  async function drain(tenantId: string): Promise<void> {
    for (;;) {
      const { items } = (await call(tenantId, 'mail.claimDue', { limit: o.concurrency ?? 8 })) as { items: Claimed[] };
      if (items.length === 0) return;
      await Promise.all(
        items.map(async (m) => {
          const error = await o.sender.send({ id: m.id, from: o.from, to: m.to, subject: m.subject, text: m.text, html: m.html }).then(
            () => null,
            (e: unknown) => String(e instanceof Error ? e.message : e).slice(0, 500),
          );
          // The address is personal: the log names the mail by id only.
          o.log.info('mail attempt', { tenant: tenantId, mail: m.id, attempt: m.attempt, ok: error === null });
          await call(tenantId, 'mail.recordAttempt', { id: m.id, ok: error === null, error });
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
      .catch((e) => o.log.warn('mail dispatch failed', { tenant: tenantId, error: String(e) }))
      .finally(() => {
        running.delete(tenantId);
        if (again.delete(tenantId)) wake(tenantId);
      });
    running.set(tenantId, run);
  }

  const unsubscribe = o.events((tenantId, events) => {
    if (events.some((e) => e.type === mailDue.type)) wake(tenantId);
  });
  return {
    wake,
    async stop() {
      unsubscribe();
      await Promise.allSettled(running.values());
      await o.sender.close?.();
    },
  };
}
