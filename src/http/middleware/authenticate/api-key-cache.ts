import type { PublishedEvent } from '../../../../actors/core/event';
import type { Principal } from '../../../../actors/core/principal';
import { identityEvents } from '../../../../actors/identity/events';
import type { TenantFeed } from '../../../bus/tenant-feed';

type KeyPrincipal = Extract<Principal, { kind: 'apiKey' }>;

export interface ApiKeyCacheOptions {
  /** The tenants' live events, to hear revocations; without it (Workers) entries live half a second. */
  feed?: TenantFeed;
  /** How long a verified key is kept when revocations are heard. */
  ttlMs?: number;
  maxEntries?: number;
}

/** Every identity fact may change what a key may do: its revocation, its owner's deactivation or demotion. */
const identityFacts = new Set(identityEvents.map((e) => e.type));

/**
 * Verified API keys at the edge, so a hot integration does not cost two actor calls per
 * request (the directory for the prefix, the tenant for the secret). A key stops as a token
 * does: the tenant actor re-checks the principal on every message, and every cached key of
 * a tenant is dropped the moment any identity event of that tenant reaches this edge (the
 * in-process bus, or the tenant's NATS subject every gateway subscribes to while it holds a
 * key). Where no events arrive (a Worker), an entry lives half a second.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { principal: KeyPrincipal; until: number }>();
  private readonly tenants = new Map<string, { keys: Set<string>; unsubscribe: () => void }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly o: ApiKeyCacheOptions = {}) {
    this.ttlMs = o.feed ? (o.ttlMs ?? 60_000) : 500;
    this.maxEntries = o.maxEntries ?? 10_000;
  }

  get(key: string): KeyPrincipal | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.principal;
    if (hit) this.forget(key, hit.principal.tenantId);
    return undefined;
  }

  /**
   * Verifies a key through `verify` and keeps the answer, unless an identity event of its
   * tenant arrived while it was being verified (the answer may be stale then).
   */
  async verify(key: string, tenantId: string, verify: () => Promise<KeyPrincipal>): Promise<KeyPrincipal> {
    const tenant = this.watch(tenantId);
    const principal = await verify();
    if (!this.o.feed || (tenant && this.tenants.get(tenantId) === tenant)) this.remember(key, principal);
    return principal;
  }

  private watch(tenantId: string) {
    const feed = this.o.feed;
    if (!feed) return undefined;
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      const entry = { keys: new Set<string>(), unsubscribe: () => {} };
      entry.unsubscribe = feed.subscribe(tenantId, (events) => this.heard(tenantId, events), { counted: false });
      this.tenants.set(tenantId, (tenant = entry));
    }
    return tenant;
  }

  private heard(tenantId: string, events: readonly PublishedEvent[]) {
    if (!events.some((e) => identityFacts.has(e.type))) return;
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    // A verification still under way for this tenant sees the entry gone and keeps nothing.
    for (const key of tenant.keys) this.entries.delete(key);
    tenant.unsubscribe();
    this.tenants.delete(tenantId);
  }

  private remember(key: string, principal: KeyPrincipal) {
    if (this.entries.size >= this.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.forget(oldest, entry.principal.tenantId);
    }
    this.entries.set(key, { principal, until: Date.now() + this.ttlMs });
    this.tenants.get(principal.tenantId)?.keys.add(key);
  }

  private forget(key: string, tenantId: string) {
    this.entries.delete(key);
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return;
    tenant.keys.delete(key);
    if (tenant.keys.size === 0) {
      tenant.unsubscribe();
      this.tenants.delete(tenantId);
    }
  }
}
