/**
 * The data categories of a person's data, as the company's retention and an erasure name
 * them. `audit` and `events` are logs: they are never erased on their own, they lose the
 * values of whatever category is erased (see scrub.ts).
 */
export const dataCategories = ['record', 'personal', 'compensation', 'leave', 'attendance', 'documents', 'checklists', 'notifications', 'account', 'audit', 'events'] as const;
export type DataCategory = (typeof dataCategories)[number];

/** The categories retention and erasure act on. */
export const erasableCategories = ['record', 'personal', 'compensation', 'leave', 'attendance', 'documents', 'checklists', 'notifications', 'account'] as const;
export type ErasableCategory = (typeof erasableCategories)[number];

/**
 * Months after the last day a category is kept, unless the company sets otherwise; null:
 * until HR erases on request. Chosen to match common European practice: personal details are
 * of no use once final pay has gone (6 months), attendance and leave are kept while a claim
 * over hours or holiday pay can still be made (2 and 3 years), pay for tax and social
 * security audits (10 years); the record itself (names, dates, for headcount and turnover)
 * is pseudonymised with the pay.
 */
export const defaultRetentionMonths: Record<ErasableCategory, number | null> = {
  record: 120,
  personal: 6,
  compensation: 120,
  leave: 36,
  attendance: 24,
  documents: 12,
  checklists: 12,
  notifications: 6,
  account: 6,
};

/**
 * Log rows (audit entries, events, webhook deliveries) of an erased category about the
 * person lose their content whole: their type or action names the category by these prefixes.
 */
export const logPrefixes: Partial<Record<ErasableCategory, readonly string[]>> = {
  personal: ['profile.'],
  compensation: ['compensation.'],
  leave: ['timeoff.'],
  attendance: ['attendance.'],
  documents: ['document.', 'documents.'],
  checklists: ['checklist.', 'checklists.'],
  notifications: ['notification.', 'notifications.'],
};
