import type { NatsConnection } from '@nats-io/transport-node';
import { AppError, timedOut, unavailable } from '../../actors/core/errors';
import { nextTurn } from '../../actors/core/next-turn';
import { addressKey, type Address } from '../../actors/core/kind';
import type { Envelope } from '../../actors/core/message';
import type { Reply } from '../../actors/core/hints';
import { subjects } from '../nats/subjects';
import { NatsRequests, NoRespondersError } from '../nats/requests';
import { actorClient, type ActorClient } from './actor-client';
import { decode, encode, unwrap, type WireReply } from './wire';

export interface NatsClientOptions {
  /** Whether a message type only reads (safe to send twice). */
  isQuery(type: string): boolean;
  /** Whether a command under an Idempotency-Key answers a second delivery with its first reply. */
  replaysOnRetry(type: string): boolean;
  /** Calls in flight above this are refused with 503 and Retry-After, not queued. */
  maxInFlight?: number;
  /** Longest wait for one try; a call keeps trying until its deadline. */
  tryTimeoutMs?: number;
  defaultTimeoutMs?: number;
}

/** Errors a worker answers when the actor is moving: the call is simply tried again. */
const moving = new Set(['actor_moved', 'shutting_down', 'not_placed']);

/**
 * The actor-call client of the distributed mode. It sends the call to the actor's subject;
 * on "no responders" it has the actor placed and tries again; while an actor moves it backs
 * off and retries, until the call's deadline. Only queries and commands with an idempotency
 * key are sent twice after a timeout: for others the outcome is unknown (504). A circuit
 * breaker per actor fails fast after repeated failures, and a cap on calls in flight answers
 * 503 with Retry-After rather than queueing without bound.
 */
export function natsActorClient(nc: NatsConnection, o: NatsClientOptions): ActorClient & { readonly inFlight: number } {
  const maxInFlight = o.maxInFlight ?? 2000;
  // Short, so that a call caught by an owner's death moves on within a lease TTL; a slow
  // command that outlasts it is sent again under the same idempotency key, queues behind
  // the first in the actor's mailbox and gets the first one's stored reply.
  const tryTimeoutMs = o.tryTimeoutMs ?? 1000;
  const breakers = new Map<string, { failures: number; openUntil: number }>();
  const requests = new NatsRequests(nc);
  let inFlight = 0;

  const place = async (address: Address, timeout: number) => {
    const reply = decode<WireReply>((await requests.request(subjects.placement, encode(address), timeout)).data);
    if (!reply.ok && !moving.has(reply.error.code)) throw AppError.from(reply.error);
  };

  async function request(address: Address, envelope: Envelope): Promise<Reply> {
    const key = addressKey(address);
    const breaker = breakers.get(key);
    if (breaker && breaker.openUntil > Date.now()) throw unavailable('This company is unreachable for a moment.', 2);
    const deadline = envelope.meta.deadline ?? Date.now() + (o.defaultTimeoutMs ?? 10_000);
    const retriable = o.isQuery(envelope.type) || (!!envelope.meta.idempotencyKey && o.replaysOnRetry(envelope.type));
    const data = encode(envelope);
    let pause = 25;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timedOut();
      try {
        const msg = await sendTogether(() => requests.request(subjects.actor(address), data, Math.min(remaining, tryTimeoutMs)));
        const reply = decode<WireReply>(msg.data);
        if (!reply.ok && moving.has(reply.error.code)) {
          await sleep(Math.min(pause, remaining));
          pause = Math.min(pause * 2, 250);
          continue;
        }
        breakers.delete(key);
        return unwrap(reply);
      } catch (e) {
        if (e instanceof AppError) throw e;
        if (e instanceof NoRespondersError) {
          try {
            await place(address, Math.max(1, Math.min(deadline - Date.now(), tryTimeoutMs)));
          } catch (p) {
            if (p instanceof AppError) throw p;
            trip(key);
            if (p instanceof NoRespondersError) throw unavailable('No worker is available.', 1);
          }
          continue;
        }
        // Timed out: the owner may be hung or paused. Only a call that is safe to repeat is
        // repeated, after asking for placement: once the owner's lease has expired another
        // worker takes the actor and answers on the same subject.
        trip(key);
        if (!retriable) throw new AppError(504, 'outcome_unknown', 'The request timed out; it may or may not have been applied.');
        await place(address, Math.max(1, Math.min(deadline - Date.now(), tryTimeoutMs))).catch(() => undefined);
      }
    }
  }

  function trip(key: string) {
    const b = breakers.get(key) ?? { failures: 0, openUntil: 0 };
    b.failures++;
    if (b.failures >= 5) {
      b.openUntil = Date.now() + 2000;
      b.failures = 0;
    }
    breakers.set(key, b);
  }

  const client = actorClient(async (address, envelope) => {
    if (inFlight >= maxInFlight) throw unavailable('Too many requests in flight; retry shortly.', 1);
    inFlight++;
    try {
      return await request(address, envelope);
    } finally {
      inFlight--;
    }
  });
  return Object.defineProperty(client, 'inFlight', { get: () => inFlight }) as ActorClient & { readonly inFlight: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the requests made in one turn of the event loop together. nats.js writes to its socket
 * once per microtask checkpoint, and Bun.serve runs each HTTP request on its own: each actor
 * call was a socket write of its own (a fifth of a gateway's CPU per GET). Started together on
 * the next turn, the calls of a turn share one write, and the worker reads them in one.
 */
let waiting: (() => void)[] = [];
function sendTogether<T>(send: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (waiting.length === 0) void nextTurn().then(sendWaiting);
    waiting.push(() => {
      try {
        send().then(resolve, reject);
      } catch (e) {
        reject(e);
      }
    });
  });
}
function sendWaiting() {
  const now = waiting;
  waiting = [];
  for (const send of now) send();
}
