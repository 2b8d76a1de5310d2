/**
 * A punch counts only inside the employee's current employment: from the hire date (of the
 * current period: a rehire starts a new one) to the last day (the termination date) included,
 * as dates in the employee's zone. Someone hired next February cannot clock in today, and a
 * leaver can clock out on their last day but not after it.
 */
export interface Employment {
  hireDate: string;
  status: string;
  terminationDate: string | null;
}

export type EmploymentProblem = { code: 'before_hire' | 'after_last_day'; message: string };

export function punchOutsideEmployment(employee: Employment, localDate: string): EmploymentProblem | null {
  if (localDate < employee.hireDate) return { code: 'before_hire', message: `The employee starts on ${employee.hireDate}; no punch before then.` };
  const lastDay = employee.terminationDate;
  if (employee.status === 'terminated' && (!lastDay || localDate > lastDay)) {
    return { code: 'after_last_day', message: lastDay ? `The employee's last day was ${lastDay}; no punch after it.` : 'The employee has left.' };
  }
  return null;
}
