import type { CommandCtx } from '../core/message';
import type { UserRow } from '../identity/identity.sql.ts';
import type { TenantServices, TenantState } from '../tenant/context';
import { queueMail } from './outbox';

/**
 * An invite reaches its invitee by mail when the deployment can send. Like a reset mail, it
 * is an account mail, not a notification: no preference applies (the invitee has none yet).
 */
export async function mailInvite(ctx: CommandCtx<TenantState, TenantServices>, user: UserRow, inviteUrl: string) {
  if (!ctx.services.mail?.enabled) return;
  await queueMail(ctx, { dedupeKey: `invite:${user.id}:${ctx.now.toISOString()}`, userId: user.id, to: user.email, type: 'identity.invite', language: 'en', recipient: user.name, lines: [], link: inviteUrl });
}
