import { z } from 'zod';
import { defineEvent } from '../core/event';
import { employmentViewSchema } from './view';

/**
 * Events carry the employment view of the record, never the personal fields: besides HR they
 * reach the employee and their manager (the audience, see audience.ts), and a manager may not
 * read a report's personal fields. Who hears an event is decided on delivery by its audience.
 */
const employeeShape = employmentViewSchema;

export const employeeCreated = defineEvent({
  type: 'employee.created',
  summary: 'An employee was hired (a record created)',
  data: z.object({ employee: employeeShape }),
});
export const employeeUpdated = defineEvent({
  type: 'employee.updated',
  summary: 'An employee record changed; `changed` names the fields',
  data: z.object({ employee: employeeShape, changed: z.array(z.string()) }),
});
export const lifecycleRecorded = defineEvent({
  type: 'employee.lifecycle_scheduled',
  summary: 'A future-dated change of employment was recorded; it takes effect on its day',
  data: z.object({ employeeId: z.string(), type: z.string(), effectiveDate: z.string(), state: z.string() }),
});

export const peopleEvents = [employeeCreated, employeeUpdated, lifecycleRecorded];
