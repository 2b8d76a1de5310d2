import { sql } from 'drizzle-orm';
import type { Db } from '../core/store';
import { compensationRecords, compensationSettings, type CompensationRow } from './compensation.sql.ts';

export interface CompensationState {
  settings: { managersSeePay: boolean };
  /** Per employee, every record in the order it was recorded (SQLite's rowid: ids are random within a millisecond). */
  records: Map<string, CompensationRow[]>;
}

export async function loadCompensation(db: Db): Promise<CompensationState> {
  const [settings] = await db.select().from(compensationSettings);
  const records = new Map<string, CompensationRow[]>();
  const rows = await db.select().from(compensationRecords).orderBy(sql`rowid`);
  for (const r of rows) {
    const list = records.get(r.employeeId);
    if (list) list.push(r);
    else records.set(r.employeeId, [r]);
  }
  return { settings: { managersSeePay: settings?.managersSeePay ?? false }, records };
}
