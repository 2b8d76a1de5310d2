import { hostRefusal, isPublicAddress } from './addresses';

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

/** Literal addresses and names that are never a public endpoint (see addresses.ts). DNS answers are checked again at send time. */
export function isPrivateHost(host: string): boolean {
  return hostRefusal(host) !== undefined;
}

/** Any address that is not public internet unicast, IPv4-mapped IPv6 included. */
export function isPrivateAddress(ip: string): boolean {
  return !isPublicAddress(ip);
}
