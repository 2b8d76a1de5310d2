import type { z } from 'zod';
import type { DomainEvent } from './message';

/**
 * A domain event type, declared once: its name, version and payload schema. Handlers emit
 * through `create`, which types the payload; the catalogue (`GET /v1/event-types`, the API
 * docs, webhook consumers) is generated from the declarations.
 */
export interface EventDef<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  summary: string;
  data: S;
  create(subject: string, data: z.input<S>, audience?: string[]): DomainEvent;
}

export function defineEvent<S extends z.ZodType>(def: { type: string; version?: number; summary: string; data: S }): EventDef<S> {
  return {
    ...def,
    version: def.version ?? 1,
    create: (subject, data, audience) => ({ type: def.type, subject, data, ...(audience ? { audience } : {}) }),
  };
}

/** A committed event as the bus carries it: numbered in its actor's sequence. */
export interface PublishedEvent extends DomainEvent {
  seq: number;
  at: string;
  requestId: string;
}
