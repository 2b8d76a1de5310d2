import type { ActorDeps } from '../../actors/core/actor';
import { systemClock, type Clock } from '../../actors/core/clock';
import { ulidIds } from '../../actors/core/ids';
import type { TenantServices } from '../../actors/tenant/context';
import type { LoginThrottlePolicy } from '../../actors/identity/login-throttle';
import type { Config } from '../config';
import { scryptHasher } from '../crypto/scrypt-passwords';
import type { BlobStore } from '../../actors/documents/blob-store';

/** The ports tenant actors get from the runtime, the same in every mode. */
export function tenantServices(config: Config, blobs?: BlobStore): TenantServices {
  return {
    ...(blobs ? { documents: { blobs, reminderDays: config.documentReminderDays } } : {}),
    passwords: scryptHasher(config.ROSTER_SCRYPT_LOG_N),
    publicUrl: config.publicUrl,
    rateLimits: config.ROSTER_RATE_LIMITS,
    refreshFamilyLifetimeMs: config.ROSTER_REFRESH_FAMILY_DAYS * 24 * 3600_000,
    loginThrottle: loginThrottle(config),
    doors: {
      loginPerAddress: config.ROSTER_LOGIN_ADDRESS_RATE,
      signupPerAddress: config.ROSTER_SIGNUPS_PER_ADDRESS,
      signupGlobal: config.ROSTER_SIGNUPS_GLOBAL,
    },
    streams: { perPrincipal: config.ROSTER_STREAMS_PER_PRINCIPAL, perTenant: config.ROSTER_STREAMS_PER_TENANT },
    webhooks: {
      allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
      maxAttempts: config.ROSTER_WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: config.ROSTER_WEBHOOK_RETRY_BASE_MS,
    },
    mail: { enabled: !!(config.ROSTER_SMTP_URL || config.ROSTER_MAIL_HTTP_URL), maxAttempts: config.ROSTER_MAIL_MAX_ATTEMPTS, baseDelayMs: config.ROSTER_MAIL_RETRY_BASE_MS },
  };
}


function loginThrottle(c: Config): LoginThrottlePolicy {
  const baseMs = c.ROSTER_LOGIN_BACKOFF_BASE_SECONDS * 1000;
  const maxMs = c.ROSTER_LOGIN_BACKOFF_MAX_SECONDS * 1000;
  return {
    accountAddress: { free: c.ROSTER_LOGIN_FREE_FAILURES, baseMs, maxMs },
    address: { free: c.ROSTER_LOGIN_ADDRESS_FREE_FAILURES, baseMs, maxMs },
    account: { free: c.ROSTER_LOGIN_ACCOUNT_FREE_FAILURES, baseMs, maxMs: c.ROSTER_LOGIN_ACCOUNT_MAX_SECONDS * 1000 },
  };
}

/** What every actor gets from its runtime besides the bus: the clock, ids and the tenant ports. */
export function actorDeps(config: Config, clock: Clock = systemClock): Pick<ActorDeps, 'clock' | 'ids' | 'services'> {
  return { clock, ids: ulidIds, services: tenantServices(config) };
}
