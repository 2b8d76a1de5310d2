import type { PunchRow } from './attendance.sql.ts';

export const punchView = (p: PunchRow) => ({
  id: p.id,
  employeeId: p.employeeId,
  kind: p.kind,
  at: p.at,
  timeZone: p.timeZone,
  workDate: p.workDate,
  source: p.source,
  clientEventId: p.clientEventId,
  clientAt: p.clientAt,
  status: p.status,
  correctionId: p.correctionId,
  supersededBy: p.supersededBy,
  createdAt: p.createdAt,
});
