import { messagesFor } from '../core/message';
import type { PasswordHasher } from '../identity/passwords';
import type { AttendanceState } from '../attendance/state';
import type { IdentityState } from '../identity/state';
import type { OrganisationState } from '../organisation/state';
import type { PeopleState } from '../people/state';
import type { CustomFieldsState } from '../custom-fields/state';
import type { CompensationState } from '../compensation/state';
import type { WebhookPolicy } from '../webhooks/policy';
import type { LoginThrottlePolicy } from '../identity/login-throttle';
import type { DoorLimits } from '../directory/doors';
import type { WebhookEndpointRow } from '../webhooks/webhooks.sql.ts';

/** What a tenant actor keeps in memory: one slice per bounded context. */
export interface TenantState {
  tenantId: string;
  profile: TenantProfile | undefined;
  identity: IdentityState;
  people: PeopleState;
  customFields: CustomFieldsState;
  compensation: CompensationState;
  organisation: OrganisationState;
  attendance: AttendanceState;
  webhooks: { endpoints: Map<string, WebhookEndpointRow> };
  /** Open push streams, oldest first, by the principal holding them; memory only (actors/push/event-log.ts). */
  streams: Map<string, { principal: string }>;
}

export interface TenantProfile {
  id: string;
  slug: string;
  name: string;
  plan: string;
  corsOrigins: string[] | null;
  timeZone: string;
  approvalReminderDays: number | null;
  createdAt: string;
}

/** Per plan: [requests, window in seconds] for each principal and for the whole company. */
export type RatePlans = Record<string, { principal: [number, number]; tenant: [number, number] }>;

/** Ports the runtime hands to tenant actors. */
export interface TenantServices {
  passwords: PasswordHasher;
  /** Where clients reach the API, for links in replies (invites). */
  publicUrl: string;
  webhooks: WebhookPolicy;
  rateLimits: RatePlans;
  /** How long a refresh family lives after its login, however often rotated (default 30 days). */
  refreshFamilyLifetimeMs?: number;
  /** Back-off on failed sign-ins (actors/identity/login-throttle.ts); defaults when absent. */
  loginThrottle?: LoginThrottlePolicy;
  /** Rate limits on the anonymous doors the directory keeps (actors/directory/doors.ts). */
  doors?: DoorLimits;
  /** Open push streams allowed at once; over it the oldest closes. */
  streams: { perPrincipal: number; perTenant: number };
}

export const tenantMessage = messagesFor<TenantState, TenantServices>();
