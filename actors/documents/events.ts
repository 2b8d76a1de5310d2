import { z } from 'zod';
import { defineEvent } from '../core/event';
import { categories } from './categories';
import type { DocumentRow } from './documents.sql.ts';

/**
 * Document events carry the document's id, name and category and nothing else of it: no
 * key, checksum, size or content, since events reach webhooks and push streams.
 */
const documentRef = z.strictObject({ id: z.string(), name: z.string(), category: z.enum(categories) });
export const refOf = (d: DocumentRow) => ({ id: d.id, name: d.name, category: d.category });

const facts = z.strictObject({ document: documentRef, employeeId: z.string() });

export const documentUploaded = defineEvent({ type: 'document.uploaded', summary: 'A document was attached', data: facts.extend({ replaces: z.string().nullable() }) });
export const documentDeleted = defineEvent({ type: 'document.deleted', summary: 'A document was deleted', data: facts });
export const documentExpiring = defineEvent({
  type: 'document.expiring',
  summary: 'A document expires soon (reminder to HR and the employee)',
  data: facts.extend({ expiresOn: z.string(), days: z.number().int(), userIds: z.array(z.string()) }),
});

export const documentEvents = [documentUploaded, documentDeleted, documentExpiring];
