import { z } from 'zod';
import { defineEvent } from '../core/event';

/** Events carry HR's view of the record; each listener's visibility is applied on delivery. */
const employeeShape = z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), workEmail: z.string() }).passthrough();

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
