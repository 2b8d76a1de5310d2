import { eq } from 'drizzle-orm';
import { AppError } from '../core/errors';
import { sha256 } from '../core/ids';
import type { QueryCtx } from '../core/message';
import type { TenantServices, TenantState } from '../tenant/context';
import { invites } from './identity.sql.ts';

/** The edge refuses a token naming no known company with the same code (http/routes/messages.ts): one situation, one code. */
export const inviteInvalid = () => new AppError(410, 'token_invalid', 'This invite is unknown, used or expired.');

/**
 * Refuses an unknown, used or expired invite before the password is hashed: a KDF run
 * (tens of milliseconds of CPU) is not given away to anyone who posts a made-up token.
 * The handler checks again inside its transaction, where the answer is final.
 */
export async function assertInviteOpen(ctx: QueryCtx<TenantState, TenantServices>, token: string): Promise<void> {
  const [invite] = await ctx.db.select().from(invites).where(eq(invites.tokenHash, await sha256(token)));
  const user = invite && ctx.state.identity.users.get(invite.userId);
  if (!invite || !user || invite.acceptedAt || invite.expiresAt <= ctx.now.toISOString() || user.status !== 'invited') throw inviteInvalid();
}
