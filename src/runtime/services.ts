import type { TenantServices } from '../../actors/tenant/context';
import type { Config } from '../config';
import { scryptHasher } from '../crypto/scrypt-passwords';

/** The ports tenant actors get from the runtime, the same in every mode. */
export function tenantServices(config: Config): TenantServices {
  return {
    passwords: scryptHasher(config.ROSTER_SCRYPT_LOG_N),
    publicUrl: config.publicUrl,
    rateLimits: config.ROSTER_RATE_LIMITS,
    webhooks: {
      allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
      maxAttempts: config.ROSTER_WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: config.ROSTER_WEBHOOK_RETRY_BASE_MS,
    },
    mail: { enabled: !!(config.ROSTER_SMTP_URL || config.ROSTER_MAIL_HTTP_URL), maxAttempts: config.ROSTER_MAIL_MAX_ATTEMPTS, baseDelayMs: config.ROSTER_MAIL_RETRY_BASE_MS },
  };
}

