import { z } from 'zod';
import { defineEvent } from '../../core/event';

export const leaveEndedByTermination = defineEvent({
  type: 'timeoff.request_after_termination',
  summary: 'A pending or approved request falls after the employee’s last day: cancelled (or, when HR chose so, kept and flagged)',
  data: z.object({
    requestId: z.string(),
    employeeId: z.string(),
    leaveTypeId: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    lastDay: z.string(),
    kept: z.boolean(),
    /** The employee's user and the request's approvers: who is told. */
    userIds: z.array(z.string()),
  }),
});

export const ledgerEvents = [leaveEndedByTermination];
