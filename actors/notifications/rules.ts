import type { PublishedEvent } from '../core/event';
import type { TenantState } from '../tenant/context';
import type { NotificationDraft } from './draft';
import { timeoffNotificationRules } from '../timeoff/notification-rules';
import { selfServiceNotificationRules } from '../people/self-service-notification-rules';
import { documentNotificationRules } from '../documents/notification-rules';

export type { NotificationDraft } from './draft';

type Rule = (event: PublishedEvent, state: TenantState) => NotificationDraft[];

/**
 * Which domain events become in-app notifications, and for whom. Each bounded context adds
 * its rules here (a request waiting for a manager, a decision for the employee, a reminder).
 */
export const notificationRules: Record<string, Rule> = {
  'user.role_changed': (event) => {
    const { user } = event.data as { user: { id: string; role: string } };
    return [{ userId: user.id, title: 'Your role changed', body: `You are now ${user.role}.` }];
  },
  ...timeoffNotificationRules,
  ...selfServiceNotificationRules,
  ...documentNotificationRules,
};
