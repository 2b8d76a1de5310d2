import type { Tier } from '../people/visibility';
import type { TenantState } from '../tenant/context';
import type { CustomValue } from './custom-fields.sql.ts';

export type CustomView = Record<string, CustomValue | null>;

/**
 * An employee's custom values of the tiers a reader may read (the tiers come from
 * `tiersOf`, the one visibility rule); a field without a value shows its default.
 */
export function customView(state: TenantState, employeeId: string, tiers: ReadonlySet<Tier>): CustomView {
  const cf = state.customFields;
  const out: CustomView = {};
  if (!cf || cf.fields.size === 0 || tiers.size === 0) return out;
  const values = cf.values.get(employeeId);
  for (const f of cf.fields.values()) {
    if (!tiers.has(f.tier)) continue;
    out[f.key] = values?.get(f.id) ?? (f.defaultValue as CustomValue | null) ?? null;
  }
  return out;
}
