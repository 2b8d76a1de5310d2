import { z } from 'zod';
import { defineEvent } from '../core/event';

/**
 * Pay events go to HR and the employee only, never to a manager (the company may let
 * managers read pay, but an event is addressed when it is emitted and that choice can
 * change); webhooks are HR's own integrations.
 */
export const compensationRecorded = defineEvent({
  type: 'compensation.recorded',
  summary: 'A pay record was added to an employee (HR and the employee hear of it)',
  data: z.object({ employeeId: z.string(), compensationId: z.string(), effectiveDate: z.string(), scheduled: z.boolean() }),
});
export const compensationEffective = defineEvent({
  type: 'compensation.effective',
  summary: 'A future-dated pay record took effect on its day',
  data: z.object({ employeeId: z.string(), compensationId: z.string(), effectiveDate: z.string() }),
});

export const compensationEvents = [compensationRecorded, compensationEffective];
