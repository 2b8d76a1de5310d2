import { employeeOfUser } from '../people/visibility';
import { seesEverything as seeEverything, type Principal } from '../core/principal';
import type { TenantState } from '../tenant/context';

export interface Listener {
  all: boolean;
  /** The ids an event's audience may name to reach this principal. */
  keys: string[];
}

/**
 * Who a principal is as a listener: HR and admins hear everything; anyone else hears the
 * events whose audience names them (their user id, or the employee record linked to them).
 */
export function listenerOf(state: TenantState, principal: Principal): Listener {
  if (principal.kind === 'system') return { all: true, keys: [] };
  if (principal.kind === 'anonymous') return { all: false, keys: [] };
  if (seeEverything.includes(principal.role)) return { all: true, keys: [] };
  if (principal.kind === 'apiKey') return { all: false, keys: [principal.apiKeyId] };
  const keys = [principal.userId];
  const employeeId = employeeOfUser(state, principal.userId);
  if (employeeId) keys.push(employeeId);
  return { all: false, keys };
}

export function hears(listener: Listener, event: { type: string; audience?: string[] | null }): boolean {
  // Internal events (work for the runtime, such as webhooks being due) are no client's business.
  if (event.type.startsWith('internal.')) return false;
  if (listener.all) return true;
  return !!event.audience?.some((id) => listener.keys.includes(id));
}

