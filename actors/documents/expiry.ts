import { addDays, zonedInstant } from '../organisation/calendar';

/**
 * Reminders before a document expires: for each configured lead (30 and 7 days by
 * default), at 09:00 in the company's time zone on the day that many days before the
 * expiry date. Leads already past when the document is recorded are skipped (a permit
 * uploaded five days before it lapses gets no "30 days" reminder, only what is still ahead).
 */
export const reminderHour = '09:00';

export function expiryReminders(expiresOn: string, leadDays: readonly number[], zone: string, now: Date): { days: number; at: Date }[] {
  const out: { days: number; at: Date }[] = [];
  for (const days of [...new Set(leadDays)].sort((a, b) => b - a)) {
    const at = zonedInstant(addDays(expiresOn, -days), reminderHour, zone);
    if (at.getTime() > now.getTime()) out.push({ days, at });
  }
  return out;
}
