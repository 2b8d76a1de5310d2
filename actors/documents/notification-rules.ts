import type { PublishedEvent } from '../core/event';
import type { NotificationDraft } from '../notifications/draft';

/** An expiry reminder reaches HR and the employee it belongs to (its `userIds`). */
export const documentNotificationRules: Record<string, (event: PublishedEvent) => NotificationDraft[]> = {
  'document.expiring': (event) => {
    const f = event.data as { document: { name: string }; expiresOn: string; days: number; userIds: string[] };
    return f.userIds.map((userId) => ({ userId, title: 'A document expires soon', body: `${f.document.name} expires on ${f.expiresOn} (in ${f.days} days).` }));
  },
};
