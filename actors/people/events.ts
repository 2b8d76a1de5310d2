import { z } from 'zod';
import { defineEvent } from '../core/event';
import { employeeStatuses } from './people.sql.ts';

export const employeeShape = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  workEmail: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  managerId: z.string().nullable(),
  hireDate: z.string(),
  status: z.enum(employeeStatuses),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const employeeCreated = defineEvent({
  type: 'employee.created',
  summary: 'An employee record was created',
  data: z.object({ employee: employeeShape }),
});
export const employeeUpdated = defineEvent({
  type: 'employee.updated',
  summary: 'An employee record changed; `changed` names the fields',
  data: z.object({ employee: employeeShape, changed: z.array(z.string()) }),
});

export const peopleEvents = [employeeCreated, employeeUpdated];
