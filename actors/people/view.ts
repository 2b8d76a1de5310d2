import { z } from 'zod';
import { instant } from '../core/reply';
import { idOf, isoDate } from '../core/text';
import type { TenantState } from '../tenant/context';
import { employeeStatuses, employmentTypes } from './people.sql.ts';
import type { EmployeeRow, EmploymentChanges } from './people.sql.ts';
import { address, emergencyContact } from './fields';
import { allTiers, tiersAt, type Tier, type Visibility } from './visibility';
import { customView } from '../custom-fields/view';

// Each view adds to the one below it; the custom values are read once, by the outermost
// (`tiers`: those it shows), not once per level (an import audits 10,000 hires).
const noTiers: ReadonlySet<Tier> = new Set();

/** What a colleague sees: who someone is, what they do and how to reach them at work. */
export function directoryView(state: TenantState, e: EmployeeRow, tiers: ReadonlySet<Tier> = tiersAt('directory')) {
  return {
    id: e.id,
    firstName: e.firstName,
    lastName: e.lastName,
    preferredName: e.preferredName,
    displayName: `${e.preferredName ?? e.firstName} ${e.lastName}`,
    workEmail: e.workEmail,
    workPhone: e.workPhone,
    jobTitle: e.jobTitle,
    departmentId: e.departmentId,
    department: e.departmentId ? (state.organisation.departments.get(e.departmentId)?.name ?? null) : null,
    locationId: e.locationId,
    location: e.locationId ? (state.organisation.locations.get(e.locationId)?.name ?? null) : null,
    managerId: e.managerId,
    /** The company's own fields, those of the tiers the reader may read (see visibility.ts). */
    custom: customView(state, e.id, tiers),
  };
}

/** Adds what the employee, their managers and HR see: the terms of employment. */
export function employmentView(state: TenantState, e: EmployeeRow, tiers: ReadonlySet<Tier> = tiersAt('employment')) {
  return {
    ...directoryView(state, e, noTiers),
    employmentType: e.employmentType,
    hireDate: e.hireDate,
    status: e.status,
    terminationDate: e.terminationDate,
    externalId: e.externalId,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    custom: customView(state, e.id, tiers),
  };
}

/** Adds the personal fields only HR, admins and the employee read. */
export function fullView(state: TenantState, e: EmployeeRow, tiers: ReadonlySet<Tier> = tiersAt('full')) {
  return {
    ...employmentView(state, e, noTiers),
    terminationReason: e.terminationReason,
    birthDate: e.birthDate,
    address: e.address,
    emergencyContact: e.emergencyContact,
    custom: customView(state, e.id, tiers),
  };
}

/** HR's view of a record, for audit rows and replies to HR's own writes: every tier of custom fields. */
export const hrView = (state: TenantState, e: EmployeeRow) => fullView(state, e, allTiers);

/**
 * A history row as a reader sees it: the termination reason is personal, so below the full
 * view it is left out of the changes, and a termination's own reason is withheld.
 */
export function historyAt<H extends { type: string; reason: string | null; changes: EmploymentChanges }>(
  row: H,
  visibility: Exclude<Visibility, 'none'>,
): Omit<H, 'changes'> & { changes: Omit<EmploymentChanges, 'terminationReason'> } {
  if (visibility === 'full') return row;
  const { terminationReason: _personal, ...changes } = row.changes;
  return { ...row, changes, reason: row.type === 'termination' ? null : row.reason };
}

export type EmployeeView = Partial<ReturnType<typeof fullView>> & ReturnType<typeof directoryView>;

/** `tiers` (from tiersOf) adds the custom fields of the tiers beyond the level: compensation, HR. */
export function viewAt(state: TenantState, e: EmployeeRow, visibility: Exclude<Visibility, 'none'>, tiers?: ReadonlySet<Tier>): EmployeeView {
  if (visibility === 'full') return fullView(state, e, tiers);
  return visibility === 'employment' ? employmentView(state, e, tiers) : directoryView(state, e, tiers);
}

/*
 * The reply schemas of the views above. An employee reply varies by the reader's role: the
 * directory fields are always there, the employment and personal fields only for readers who
 * may see them, hence optional (present with null when the record has no value).
 */
const directoryFields = {
  id: idOf('emp'),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  displayName: z.string().describe('The preferred (or first) name and the last name'),
  workEmail: z.email(),
  workPhone: z.string().nullable(),
  jobTitle: z.string().nullable(),
  departmentId: idOf('dep').nullable(),
  department: z.string().nullable().describe("The department's name"),
  locationId: idOf('loc').nullable(),
  location: z.string().nullable().describe("The location's name"),
  managerId: idOf('emp').nullable(),
  custom: z.record(z.string(), z.unknown()).describe('Custom fields by key, those of the tiers the reader may read'),
};

export const directoryViewSchema = z.strictObject(directoryFields);

const employmentFields = {
  employmentType: z.enum(employmentTypes),
  hireDate: isoDate,
  status: z.enum(employeeStatuses),
  terminationDate: isoDate.nullable(),
  externalId: z.string().nullable(),
  version: z.number().int().min(1).describe('Bumped by every change; the ETag is made from it'),
  createdAt: instant,
  updatedAt: instant,
};

const personalFields = {
  terminationReason: z.string().nullable(),
  birthDate: isoDate.nullable(),
  address: address.nullable(),
  emergencyContact: emergencyContact.nullable(),
};

/** The employment view: what events about an employee carry (they reach the employee's manager). */
export const employmentViewSchema = z.strictObject({ ...directoryFields, ...employmentFields }).meta({ id: 'EmployeeEmployment' });

/** HR's view (fullView): what the replies to HR's own writes carry. */
export const fullViewSchema = z.strictObject({ ...directoryFields, ...employmentFields, ...personalFields }).meta({ id: 'EmployeeRecord' });

/** An employee as a reader sees them (viewAt): the employment and personal fields by role. */
export const employeeViewSchema = z
  .strictObject({
    ...directoryFields,
    ...z.object(employmentFields).partial().shape,
    ...z.object(personalFields).partial().shape,
    asOf: isoDate.optional().describe('The date the record was read as of, when asked for one'),
  })
  .meta({ id: 'Employee', description: 'An employee; employment fields for the employee, their managers and HR; personal fields for HR and the employee' });
