/**
 * How webhook deliveries are retried, and where they may go. Exponential backoff with
 * jitter: attempt n waits base × 4^(n-1), ±20 %, capped at 6 hours. The jitter is derived
 * from the delivery id, so a schedule is reproducible in tests and logs.
 */
export interface WebhookPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  /** Endpoints on loopback or private networks are refused unless the operator allows them. */
  allowPrivate: boolean;
}

export const defaultWebhookPolicy: WebhookPolicy = { maxAttempts: 8, baseDelayMs: 10_000, allowPrivate: false };

export function retryDelayMs(policy: WebhookPolicy, deliveryId: string, attempt: number): number {
  const raw = Math.min(policy.baseDelayMs * 4 ** (attempt - 1), 6 * 3600_000);
  let h = 2166136261;
  for (const ch of `${deliveryId}:${attempt}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const jitter = 0.8 + ((h >>> 0) % 1000) / 2500;
  return Math.round(raw * jitter);
}

/** Literal addresses and names that are never a public endpoint. DNS answers are checked again at send time. */
export function isPrivateHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.internal') || h.endsWith('.local')) return true;
  return isPrivateAddress(h);
}

export function isPrivateAddress(ip: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip.replace(/^::ffff:/, ''));
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
    );
  }
  if (ip.includes(':')) return ip === '::1' || ip === '::' || /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip);
  return false;
}
