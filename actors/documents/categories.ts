import type { Viewer } from '../people/visibility';

/**
 * A document's category decides its visibility tier, from the same matrix as an employee's
 * fields (actors/people/visibility.ts):
 *
 * | tier       | HR, the employee | their manager | anyone else |
 * |------------|------------------|---------------|-------------|
 * | employment | yes              | yes           | no          |
 * | personal   | yes              | no            | no          |
 *
 * A signed contract or a certificate is about the job: employment. An ID document, a work
 * permit (immigration status) and a sick note (health) are personal; so is anything
 * uncategorised, since the narrower tier is the safe default. No document is directory
 * data: colleagues never see one.
 */
export const categories = ['contract', 'id_document', 'certificate', 'work_permit', 'sick_note', 'other'] as const;
export type Category = (typeof categories)[number];
export type DocumentTier = 'employment' | 'personal';

export const tierOf: Record<Category, DocumentTier> = {
  contract: 'employment',
  certificate: 'employment',
  id_document: 'personal',
  work_permit: 'personal',
  sick_note: 'personal',
  other: 'personal',
};

/** Whether a viewer may see (list, read, download) a document of this employee at this tier. */
export function maySee(viewer: Viewer, employeeId: string, tier: DocumentTier): boolean {
  if (viewer.all || viewer.self === employeeId) return true;
  return tier === 'employment' && viewer.reports.has(employeeId);
}
