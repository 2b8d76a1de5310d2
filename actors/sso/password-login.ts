import { AppError } from '../core/errors';
import type { Db } from '../core/store';
import { ssoConfig } from './sso.sql.ts';

/**
 * When the company requires single sign-on, a password opens the door for owners only:
 * they are the break-glass accounts when the provider is down or misconfigured. Everyone
 * else is told to sign in through the provider. Asked only after the password matched, so
 * the answer says nothing about an account to someone who does not know its password.
 */
export async function assertPasswordLoginAllowed(db: Db, user: { role: string }) {
  if (user.role === 'owner') return;
  const [config] = await db.select({ requireSso: ssoConfig.requireSso }).from(ssoConfig);
  if (config?.requireSso) {
    throw new AppError(403, 'sso_required', 'This company requires single sign-on: sign in through its identity provider.');
  }
}
