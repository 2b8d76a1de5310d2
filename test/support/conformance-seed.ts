import { addDays, Api, companyToday, mondayOnOrAfter, newEmployee, signUp, userWithRole, type Company } from '../contract/client';

/**
 * A company with one of each thing the API's path parameters name (employees, departments,
 * locations, users, keys, webhooks and their deliveries, leave types, policies, requests,
 * blackouts, custom fields, checklists, schedules, documents, imports, lifecycle events…),
 * made through the API as an integrator would, so that generated requests find real ids.
 * The owner is linked to an employee record, so that the self-service routes (`/v1/me/…`)
 * have someone to serve.
 */
export interface Seeded {
  company: Company;
  /** Every reply body the seed received: the run harvests ids from them. */
  replies: unknown[];
  /** Ids a generated request must not touch: the principal's own user and employee record. */
  protectedIds: string[];
  /** Values for parameters that are not ids: a holiday's date, the company's slug. */
  byName: Record<string, string[]>;
}

export async function seedCompany(baseUrl: string): Promise<Seeded> {
  const api = new Api(baseUrl);
  const company = await signUp(api, 'conformance');
  const replies: unknown[] = [];
  const token = company.token;
  const must = async (what: string, reply: Promise<{ status: number; body: any }>) => {
    const r = await reply;
    if (r.status >= 300) throw new Error(`seed: ${what} answered ${r.status} ${JSON.stringify(r.body)}`);
    replies.push(r.body);
    return r.body;
  };
  const post = (path: string, body: unknown) => must(`POST ${path}`, api.post(path, body, { token }));
  const put = (path: string, body: unknown) => must(`PUT ${path}`, api.request('PUT', path, body, { token }));

  const admin = await userWithRole(api, company, 'admin');
  const hr = await userWithRole(api, company, 'hr');
  const today = await companyToday(api, token);

  const department = await post('/v1/departments', { name: 'Engineering' });
  const location = await post('/v1/locations', { name: 'Berlin', timeZone: 'Europe/Berlin', country: 'DE' });
  await post('/v1/job-titles', { name: 'Engineer' });
  const self = await post('/v1/employees', newEmployee({ workEmail: company.ownerEmail, departmentId: department.id, locationId: location.id }));
  const manager = await post('/v1/employees', newEmployee({ departmentId: department.id, locationId: location.id }));
  const report = await post('/v1/employees', newEmployee({ departmentId: department.id, managerId: manager.id }));
  await post('/v1/employees', newEmployee());
  await must('link the owner', api.request('PUT', `/v1/users/${company.ownerId}/employee`, { employeeId: self.id }, { token: admin.token }));
  await put(`/v1/users/${hr.id}/employee`, { employeeId: manager.id });

  const holiday = addDays(today, 40);
  await post(`/v1/locations/${location.id}/holidays`, { date: holiday, name: 'Founders day' });
  const leaveType = await post('/v1/leave-types', { name: 'Vacation', unit: 'days', paid: true, halfDaysAllowed: true });
  await post('/v1/timeoff-policies', { leaveTypeId: leaveType.id, name: 'Standard', yearlyEntitlement: 25, accrual: 'yearly', startsOn: `${today.slice(0, 7)}-01`, allowNegative: true });
  await post(`/v1/employees/${report.id}/balances/adjustments`, { leaveTypeId: leaveType.id, amount: 10, reason: 'Opening balance' });
  // A Monday, so that both requests (Monday–Tuesday, and the next Monday) hold working days.
  const start = mondayOnOrAfter(addDays(today, 14));
  await post('/v1/timeoff-requests', { employeeId: report.id, leaveTypeId: leaveType.id, startDate: start, endDate: addDays(start, 1) });
  await post('/v1/timeoff-requests', { employeeId: self.id, leaveTypeId: leaveType.id, startDate: addDays(start, 7), endDate: addDays(start, 7) });
  await post('/v1/timeoff-blackouts', { name: 'Release week', startDate: addDays(today, 90), endDate: addDays(today, 94), appliesTo: { scope: 'company' } });
  await post('/v1/custom-fields', { key: 'tshirt_size', label: 'T-shirt size', type: 'text' });
  await post('/v1/checklist-templates', { name: 'Welcome', kind: 'onboarding', tasks: [{ title: 'Say hello', assignee: { type: 'employee' }, dueOffsetDays: 1 }] });
  await post('/v1/employees', newEmployee({ workEmail: `new.${company.slug}@example.test` }));
  await post('/v1/attendance/schedules', { name: 'Office hours', days: { '1': { start: '09:00', end: '17:00' } } });
  await post(`/v1/employees/${report.id}/lifecycle`, { type: 'transfer', effectiveDate: addDays(today, 30), departmentId: department.id });
  await post('/v1/api-keys', { name: 'Integration', role: 'hr' });
  await post('/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['employee.created'] });
  await post('/v1/employees', newEmployee());
  const upload = await must(
    'upload a document',
    api.request('POST', `/v1/employees/${report.id}/documents?category=contract&name=contract.pdf`, undefined, {
      token,
      raw: '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n',
      headers: { 'content-type': 'application/pdf' },
    }),
  );
  replies.push(upload);
  await must(
    'import employees',
    api.request('POST', '/v1/employee-imports', undefined, { token, raw: `externalId,firstName,lastName,workEmail,hireDate\nX-1,Ada,Lovelace,ada.${company.slug}@example.test,2020-01-01\n`, headers: { 'content-type': 'text/csv' } }),
  );
  for (const path of ['/v1/webhook-deliveries', '/v1/me/tasks', `/v1/employees/${report.id}/lifecycle`, '/v1/checklists']) await must(`GET ${path}`, api.get(path, { token }));
  return { company, replies, protectedIds: [company.ownerId, self.id], byName: { date: [holiday], tenant: [company.slug] } };
}
