import type { Db } from '../core/store';
import { scheduleAssignments, schedules, type ScheduleRow } from './attendance.sql.ts';

/** Schedules and who works to which are few and read on every day query: they live in memory. Punches stay in the database. */
export interface AttendanceState {
  schedules: Map<string, ScheduleRow>;
  /** Employee id → schedule id. */
  assignments: Map<string, string>;
}

export async function loadAttendance(db: Db): Promise<AttendanceState> {
  return {
    schedules: new Map((await db.select().from(schedules)).map((s) => [s.id, s])),
    assignments: new Map((await db.select().from(scheduleAssignments)).map((a) => [a.employeeId, a.scheduleId])),
  };
}
