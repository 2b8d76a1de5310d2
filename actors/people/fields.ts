import { z } from 'zod';
import { email, idOf, isoDate, text } from '../core/text';
import { employeeStatuses, employmentTypes, type EmployeeRow } from './people.sql.ts';

export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ().-]{2,38}$/, 'Must be a phone number, such as +49 30 1234567.')
  // For the API document: the same rule on text that needs no trimming (no space at either end).
  .meta({ pattern: '^\\+?[0-9][0-9 ().-]{1,37}[0-9().-]$', examples: ['+49 30 1234567'] });
export const country = z.string().regex(/^[A-Z]{2}$/, 'Must be an ISO 3166 country code such as DE.').meta({ examples: ['DE'] });

/** A postal address; one schema for what clients send and what replies carry. */
export const address = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  postalCode: text(20).optional(),
  region: text(100).optional(),
  country,
}).meta({ id: 'Address' });

export const emergencyContact = z.strictObject({ name: text(120), relationship: text(60).optional(), phone }).meta({ id: 'EmergencyContact' });

/** The fields of an employee as clients send them; shared by the API and the CSV import. */
export const profileFields = {
  firstName: text(100),
  lastName: text(100),
  preferredName: text(100).nullable(),
  workEmail: email,
  workPhone: phone.nullable(),
  externalId: text(100).nullable(),
  birthDate: isoDate.nullable(),
  address: address.nullable(),
  emergencyContact: emergencyContact.nullable(),
};

/**
 * The profile fields: everything on the record that is not employment, so not dated (a
 * change to them is recorded in place, not in the history). Derived from the shape above,
 * so that the API, the update, the lifecycle fold and the import cannot disagree.
 */
export const profileKeys = z.object(profileFields).keyof().options;
export type ProfileKey = (typeof profileKeys)[number];
export type Profile = Partial<Pick<EmployeeRow, ProfileKey>>;

/** The profile fields a CSV cell can hold (the JSON-valued ones stay out of the file). */
export const csvProfileKeys = profileKeys.filter((k): k is Exclude<ProfileKey, 'address' | 'emergencyContact'> => k !== 'address' && k !== 'emergencyContact');

export const employmentInput = {
  jobTitle: text(120).nullable(),
  departmentId: idOf('dep').nullable(),
  /** A department by name: found, or created at the top of the tree. */
  department: text(120).nullable(),
  locationId: idOf('loc').nullable(),
  managerId: idOf('emp').nullable(),
  employmentType: z.enum(employmentTypes),
  hireDate: isoDate,
  status: z.enum(employeeStatuses),
};
