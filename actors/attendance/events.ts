import { z } from 'zod';
import { defineEvent } from '../core/event';

const punchShape = z.object({ id: z.string(), employeeId: z.string(), kind: z.enum(['in', 'out']), at: z.string(), workDate: z.string(), source: z.string() });

export const punchRecorded = defineEvent({
  type: 'attendance.punched',
  summary: 'An employee clocked in or out',
  data: z.object({ punch: punchShape }),
});
export const dayCorrected = defineEvent({
  type: 'attendance.corrected',
  summary: "HR corrected an employee's punches for a day, with a reason",
  data: z.object({ correctionId: z.string(), employeeId: z.string(), workDate: z.string(), reason: z.string() }),
});
export const scheduleAssigned = defineEvent({
  type: 'attendance.schedule_assigned',
  summary: 'An employee was given a work schedule (or had it taken away)',
  data: z.object({ employeeId: z.string(), scheduleId: z.string().nullable() }),
});

export const attendanceEvents = [punchRecorded, dayCorrected, scheduleAssigned];
