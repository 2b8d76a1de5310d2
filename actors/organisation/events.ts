import { z } from 'zod';
import { defineEvent } from '../core/event';

export const departmentChanged = defineEvent({
  type: 'department.changed',
  summary: 'A department was created, renamed, moved, given a head or archived',
  data: z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), headEmployeeId: z.string().nullable(), archivedAt: z.string().nullable() }),
});
export const locationChanged = defineEvent({
  type: 'location.changed',
  summary: 'A location, its weekend or its holiday calendar changed',
  data: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
});

export const organisationEvents = [departmentChanged, locationChanged];
