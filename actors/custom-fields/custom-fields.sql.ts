import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const customFieldTypes = ['text', 'long_text', 'number', 'date', 'boolean', 'single_select', 'multi_select', 'employee'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
/** Who may write a value: HR only, or also the employee on their own record. */
export const customFieldWriters = ['hr', 'employee'] as const;
export const customFieldTiers = ['directory', 'employment', 'personal', 'compensation', 'hr'] as const;

/** A field a company defines for its employees; its values sit in `custom_field_values`. */
export const customFields = sqliteTable(
  'custom_fields',
  {
    id: text('id').primaryKey(),
    /** Stable name in the API, filters and CSV columns (`custom.<key>`). */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: customFieldTypes }).notNull(),
    /** The choices of a select, in order. */
    options: text('options', { mode: 'json' }).$type<string[]>(),
    unit: text('unit'),
    min: real('min'),
    max: real('max'),
    required: integer('required', { mode: 'boolean' }).notNull(),
    defaultValue: text('default_value', { mode: 'json' }).$type<unknown>(),
    /** The visibility tier that may read the field (see actors/people/visibility.ts). */
    tier: text('tier', { enum: customFieldTiers }).notNull(),
    writer: text('writer', { enum: customFieldWriters }).notNull(),
    /** Carried in the payroll-period export. */
    payroll: integer('payroll', { mode: 'boolean' }).notNull(),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('custom_fields_key').on(t.key)],
);
export type CustomFieldRow = typeof customFields.$inferSelect;

/** One employee's value of one field, as JSON (a string, number, boolean or list of strings). */
export const customFieldValues = sqliteTable(
  'custom_field_values',
  {
    employeeId: text('employee_id').notNull(),
    fieldId: text('field_id').notNull(),
    value: text('value', { mode: 'json' }).$type<CustomValue>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.fieldId] }), index('custom_field_values_field').on(t.fieldId)],
);
export type CustomValue = string | number | boolean | string[];
