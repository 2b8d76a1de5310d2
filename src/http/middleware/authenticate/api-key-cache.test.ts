import { describe, expect, test } from 'bun:test';
import type { PublishedEvent } from '../../../../actors/core/event';
import { TenantFanout } from '../../../bus/tenant-feed';
import { ApiKeyCache } from './api-key-cache';

const principal = { kind: 'apiKey', tenantId: 'ten_a', apiKeyId: 'key_1', role: 'hr' } as const;
const revoked: PublishedEvent = { seq: 7, type: 'api_key.revoked', subject: 'key_1', data: {}, at: '', requestId: 'r' };
const unrelated: PublishedEvent = { ...revoked, seq: 8, type: 'employee.created', subject: 'emp_1' };

describe('API-key cache at the edge', () => {
  test('a verified key is answered from memory until an identity event of its tenant arrives', async () => {
    const feed = new TenantFanout();
    const cache = new ApiKeyCache({ feed });
    let calls = 0;
    const verify = async () => (calls++, principal);
    await cache.verify('rst_k', 'ten_a', verify);
    expect(cache.get('rst_k')).toEqual(principal);
    // Listening for revocations is not a client connection.
    expect(feed.connections).toBe(0);
    feed.deliver('ten_a', [unrelated]);
    feed.deliver('ten_b', [revoked]);
    expect(cache.get('rst_k')).toEqual(principal);
    feed.deliver('ten_a', [revoked]);
    expect(cache.get('rst_k')).toBeUndefined();
    expect(feed.connections).toBe(0);
    expect(calls).toBe(1);
  });

  test('an answer overtaken by an identity event while it was asked is not kept', async () => {
    const feed = new TenantFanout();
    const cache = new ApiKeyCache({ feed });
    await cache.verify('rst_k', 'ten_a', async () => {
      feed.deliver('ten_a', [revoked]);
      return principal;
    });
    expect(cache.get('rst_k')).toBeUndefined();
  });

  test('without a feed to hear revocations, an entry lives half a second', async () => {
    const cache = new ApiKeyCache();
    await cache.verify('rst_k', 'ten_a', async () => principal);
    expect(cache.get('rst_k')).toEqual(principal);
    await Bun.sleep(510);
    expect(cache.get('rst_k')).toBeUndefined();
  });
});
