import { identityEvents } from '../identity/events';
import { peopleEvents } from '../people/events';
import { employeeOfUser } from '../people/visibility';
import { seesEverything as seeEverything, type Principal } from '../core/principal';
import type { TenantState } from '../tenant/context';

export interface Listener {
  all: boolean;
  /** The ids an event's audience may name to reach this principal. */
  keys: string[];
  /**
   * The ids whose identity facts decide whether this principal may still listen, and to
   * what: its user or key, the key's owner, the employee record linked to it.
   */
  standing: string[];
}

/**
 * Who a principal is as a listener: HR and admins hear everything; anyone else hears the
 * events whose audience names them (their user id, or the employee record linked to them).
 */
export function listenerOf(state: TenantState, principal: Principal): Listener {
  if (principal.kind === 'system') return { all: true, keys: [], standing: [] };
  if (principal.kind === 'anonymous') return { all: false, keys: [], standing: [] };
  if (principal.kind === 'apiKey') {
    const owner = state.identity.apiKeys.get(principal.apiKeyId)?.ownerUserId;
    const standing = owner ? [principal.apiKeyId, owner] : [principal.apiKeyId];
    return { all: seeEverything.includes(principal.role), keys: [principal.apiKeyId], standing };
  }
  const keys = [principal.userId];
  const employeeId = employeeOfUser(state, principal.userId);
  if (employeeId) keys.push(employeeId);
  return { all: seeEverything.includes(principal.role), keys, standing: keys };
}

export function hears(listener: Listener, event: { type: string; audience?: string[] | null }): boolean {
  // Internal events (work for the runtime, such as webhooks being due) are no client's business.
  if (event.type.startsWith('internal.')) return false;
  if (listener.all) return true;
  return !!event.audience?.some((id) => listener.keys.includes(id));
}

/**
 * The facts a listener stands on: who a user or key is and may do (identity: deactivation,
 * role, key revocation, links and owners) and the employee records that link people to
 * users and managers to reports (people). Derived from the context catalogues, so an event
 * declared there later is reviewed without a change here.
 */
const standingFacts = new Set([...identityEvents, ...peopleEvents].map((e) => e.type));

/**
 * Whether an event may change what its listener may hear, so that an open stream must ask
 * the tenant again before it sends anything more: a fact about the listener's standing that
 * names one of the ids it stands on (as subject or audience).
 */
export function reviewsStanding(listener: Listener, event: { type: string; subject: string; audience?: string[] | null }): boolean {
  if (!standingFacts.has(event.type)) return false;
  return listener.standing.includes(event.subject) || !!event.audience?.some((id) => listener.standing.includes(id));
}
