import { describe, expect, test } from 'bun:test';
import { defaultWebhookPolicy, isPrivateAddress, isPrivateHost, retryDelayMs } from './policy';

describe('webhook policy', () => {
  test('backoff grows by four each attempt, within ±20 %, and is reproducible', () => {
    const delays = [1, 2, 3, 4].map((n) => retryDelayMs(defaultWebhookPolicy, 'whd_x', n));
    delays.forEach((d, i) => {
      const raw = 10_000 * 4 ** i;
      expect(d).toBeGreaterThanOrEqual(raw * 0.8);
      expect(d).toBeLessThanOrEqual(raw * 1.2);
    });
    expect(retryDelayMs(defaultWebhookPolicy, 'whd_x', 3)).toBe(delays[2]!);
    expect(retryDelayMs(defaultWebhookPolicy, 'whd_x', 30)).toBeLessThanOrEqual(6 * 3600_000 * 1.2);
  });

  test('loopback, private and link-local targets are recognised', () => {
    for (const h of ['localhost', '127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '[::1]', 'fd00::1', 'db.internal']) {
      expect(isPrivateHost(h)).toBe(true);
    }
    for (const h of ['hooks.example.com', '8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(isPrivateHost(h)).toBe(false);
    expect(isPrivateAddress('::ffff:127.0.0.1')).toBe(true);
  });
});
