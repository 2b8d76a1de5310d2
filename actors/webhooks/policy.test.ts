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
    for (const h of ['hooks.example.com', '8.8.8.8', '172.32.0.1', '[2606:4700::1111]']) expect(isPrivateHost(h)).toBe(false);
    expect(isPrivateAddress('::ffff:127.0.0.1')).toBe(true);
  });

  test('hosts as URL parsing hands them over: mapped, benchmarking, CGNAT, documentation, multicast, single-label', () => {
    // Each written as a URL, because parsing rewrites some (`[::ffff:127.0.0.1]` → `[::ffff:7f00:1]`).
    const refused = [
      'http://[::ffff:127.0.0.1]/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:10.0.0.1]/', 'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::]/', 'http://[2001:db8::1]/', 'http://[fe80::1]/', 'http://[::]/', 'http://[ff02::1]/',
      'http://198.18.0.1/', 'http://198.19.255.1/', 'http://100.64.0.1/', 'http://192.0.2.7/', 'http://203.0.113.9/',
      'http://224.0.0.1/', 'http://255.255.255.255/', 'http://0.0.0.0/', 'http://2130706433/', 'http://0x7f.1/',
      'http://localhost./', 'http://LOCALHOST/', 'http://intranet/', 'http://printer.local/', 'http://a.localhost/',
    ];
    for (const u of refused) expect([u, isPrivateHost(new URL(u).hostname)]).toEqual([u, true]);
    for (const u of ['https://hooks.example.com/x', 'http://8.8.8.8/', 'http://[2606:4700:4700::1111]/']) {
      expect([u, isPrivateHost(new URL(u).hostname)]).toEqual([u, false]);
    }
  });
});
