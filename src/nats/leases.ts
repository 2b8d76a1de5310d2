import type { KV } from '@nats-io/kv';
import type { Address } from '../../actors/core/kind';
import { leaseKey } from './subjects';

interface Held {
  revision: number;
  /** This worker serves the actor only until then, unless a renewal moves it on. */
  validUntil: number;
}

interface LeaseValue {
  worker: string;
  expiresAt: number;
}

/**
 * One live activation per actor: a worker serves an actor only while it holds the actor's
 * lease in a NATS KV bucket. A lease is taken with create (or, once expired, with a
 * compare-and-set on its revision), renewed by compare-and-set while the actor is resident,
 * and released on passivation. A worker stops serving an actor a margin before its lease
 * can be taken over, judged by its own clock; the fencing epoch in the tenant database is
 * the final guard should a paused worker wake up late.
 */
export class Leases {
  private readonly held = new Map<string, Held>();
  private readonly margin: number;

  constructor(
    private readonly kv: KV,
    private readonly worker: string,
    private readonly ttlMs: number,
  ) {
    this.margin = Math.min(1000, ttlMs / 5);
  }

  private value(now: number): string {
    return JSON.stringify({ worker: this.worker, expiresAt: now + this.ttlMs } satisfies LeaseValue);
  }

  /** Takes the actor's lease if it is free or expired; false if another worker holds it. */
  async acquire(address: Address): Promise<boolean> {
    const key = leaseKey(address);
    const now = Date.now();
    let revision: number;
    try {
      revision = await this.kv.create(key, this.value(now));
    } catch {
      const entry = await this.kv.get(key);
      if (!entry || entry.operation !== 'PUT') {
        revision = await this.kv.create(key, this.value(now)).catch(() => 0);
        if (!revision) return false;
      } else {
        const current = entry.json<LeaseValue>();
        if (current.worker !== this.worker && current.expiresAt > now) return false;
        revision = await this.kv.update(key, this.value(now), entry.revision).catch(() => 0);
        if (!revision) return false;
      }
    }
    this.held.set(key, { revision, validUntil: now + this.ttlMs - this.margin });
    return true;
  }

  valid(address: Address): boolean {
    const held = this.held.get(leaseKey(address));
    return !!held && held.validUntil > Date.now();
  }

  /** Renews every lease held; returns the actors whose lease was lost (taken or expired). */
  async renewAll(): Promise<string[]> {
    const lost: string[] = [];
    await Promise.all(
      [...this.held].map(async ([key, held]) => {
        const now = Date.now();
        if (held.validUntil <= now) {
          lost.push(key);
          return;
        }
        try {
          held.revision = await this.kv.update(key, this.value(now), held.revision);
          held.validUntil = now + this.ttlMs - this.margin;
        } catch {
          lost.push(key);
        }
      }),
    );
    for (const key of lost) this.held.delete(key);
    return lost;
  }

  async release(address: Address): Promise<void> {
    const key = leaseKey(address);
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    await this.kv.delete(key, { previousSeq: held.revision }).catch(() => undefined);
  }

  get count(): number {
    return this.held.size;
  }
}
