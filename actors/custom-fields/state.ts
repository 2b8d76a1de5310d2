import type { Db } from '../core/store';
import { customFields, customFieldValues, type CustomFieldRow, type CustomValue } from './custom-fields.sql.ts';

export interface CustomFieldsState {
  fields: Map<string, CustomFieldRow>;
  idsByKey: Map<string, string>;
  /** employee id → field id → value. */
  values: Map<string, Map<string, CustomValue>>;
}

export async function loadCustomFields(db: Db): Promise<CustomFieldsState> {
  const fields = await db.select().from(customFields);
  const values = new Map<string, Map<string, CustomValue>>();
  for (const v of await db.select().from(customFieldValues)) {
    let of = values.get(v.employeeId);
    if (!of) values.set(v.employeeId, (of = new Map()));
    of.set(v.fieldId, v.value);
  }
  return { fields: new Map(fields.map((f) => [f.id, f])), idsByKey: new Map(fields.map((f) => [f.key, f.id])), values };
}
