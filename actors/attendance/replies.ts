import { z } from 'zod';
import { instant } from '../core/reply';
import { idOf, isoDate } from '../core/text';
import { punchKinds, punchSources } from './attendance.sql.ts';

/** The reply schemas of the attendance messages: punches, schedules, corrections, days. */

export const punchSchema = z.strictObject({
  id: idOf('pun'),
  employeeId: idOf('emp'),
  kind: z.enum(punchKinds),
  at: instant,
  timeZone: z.string().meta({ examples: ['Europe/Berlin'] }),
  workDate: isoDate.describe('The day the punch counts for, in its time zone'),
  source: z.enum(punchSources),
  clientEventId: z.string().nullable(),
  clientAt: instant.nullable().describe("The device's time, kept for the record when the server stamped the punch"),
  status: z.enum(['active', 'superseded']),
  correctionId: z.string().nullable(),
  supersededBy: z.string().nullable(),
  createdAt: instant,
}).meta({ id: 'Punch' });

const clock = z.string().regex(/^\d{2}:\d{2}$/).meta({ examples: ['09:00'] });
const weekday = z.strictObject({ start: clock, end: clock }).optional();

export const scheduleSchema = z.strictObject({
  id: idOf('wsc'),
  name: z.string(),
  days: z.strictObject({ 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday, 6: weekday, 7: weekday }).describe('Hours per ISO weekday, 1 = Monday'),
  graceMinutes: z.number().int().min(0),
  maxShiftMinutes: z.number().int().min(60).describe('Longer shifts are flagged for HR (a forgotten clock-out)'),
  version: z.number().int().min(1),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'WorkSchedule' });

export const assignmentSchema = z.strictObject({ employeeId: idOf('emp'), schedule: scheduleSchema.nullable() }).meta({ id: 'ScheduleAssignment' });

const punchSummary = z.strictObject({ id: z.string(), kind: z.enum(punchKinds), at: instant });

export const correctionSchema = z.strictObject({
  correction: z.strictObject({
    id: idOf('cor'),
    employeeId: idOf('emp'),
    workDate: isoDate,
    reason: z.string(),
    before: z.array(punchSummary),
    after: z.array(punchSummary),
    correctedBy: z.string(),
    createdAt: instant,
  }),
  punches: z.array(punchSchema).describe("The day's punches after the correction"),
}).meta({ id: 'PunchCorrection' });

const counts = {
  workedMinutes: z.number().int().min(0),
  lateMinutes: z.number().int().min(0).describe('After the scheduled start (0 when on time or unscheduled)'),
  late: z.boolean(),
  absent: z.boolean(),
  leaveDays: z.number().min(0),
  open: z.boolean().describe('A shift has no clock-out yet'),
};

export const daySchema = z.strictObject({
  date: isoDate,
  shifts: z.array(
    z.strictObject({
      inId: idOf('pun'),
      in: instant,
      outId: idOf('pun').nullable(),
      out: instant.nullable(),
      minutes: z.number().int().nullable(),
      flag: z.enum(['missing_clock_out', 'too_long']).nullable().describe("For HR to correct: open past the schedule's longest shift, or longer than it"),
    }),
  ),
  ...counts,
  scheduled: z.strictObject({ start: clock, end: clock, minutes: z.number().int() }).nullable(),
  dayKind: z.enum(['working', 'weekend', 'holiday', 'half_holiday']),
  holiday: z.string().nullable(),
}).meta({ id: 'AttendanceDay' });

export const daysPageSchema = z.strictObject({
  employeeId: idOf('emp'),
  timeZone: z.string(),
  items: z.array(daySchema),
  nextCursor: z.string().nullable(),
});

export const timesheetSchema = z.strictObject({
  employeeId: idOf('emp'),
  from: isoDate,
  to: isoDate,
  timeZone: z.string(),
  scheduleId: idOf('wsc').nullable(),
  days: z.array(z.strictObject({ date: isoDate, ...counts, scheduledMinutes: z.number().int().min(0) })),
  totals: z.strictObject({
    workedMinutes: z.number().int(),
    workedHours: z.number(),
    scheduledMinutes: z.number().int(),
    scheduledDays: z.number().int(),
    lateArrivals: z.number().int(),
    absences: z.number().int(),
    leaveDays: z.number(),
  }),
}).meta({ id: 'Timesheet' });
