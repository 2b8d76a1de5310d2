import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { categories } from './categories';

/** What a document is attached to; a checklist task is ready for when checklists exist. */
export const attachmentKinds = ['employee', 'leave_request', 'checklist_task'] as const;

/**
 * One stored file's metadata. The bytes are in the blob store under `blobKey`; a blob with
 * no live row here is an orphan (a crash before commit, a deleted or replaced document) and
 * is never served: downloads go through this row, and the sweep removes such blobs.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    attachedTo: text('attached_to', { enum: attachmentKinds }).notNull(),
    /** The employee, leave request or checklist task id. */
    attachedId: text('attached_id').notNull(),
    /** Whose document it is, for visibility (the employee of the request or task too). */
    employeeId: text('employee_id').notNull(),
    category: text('category', { enum: categories }).notNull(),
    tier: text('tier', { enum: ['employment', 'personal'] }).notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    blobKey: text('blob_key').notNull(),
    /** YYYY-MM-DD in the company's calendar, when the document stops being valid. */
    expiresOn: text('expires_on'),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: text('created_at').notNull(),
    /** The newer document that replaced this one. */
    replacedBy: text('replaced_by'),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('documents_attached').on(t.attachedTo, t.attachedId), index('documents_employee').on(t.employeeId)],
);

export type DocumentRow = typeof documents.$inferSelect;
