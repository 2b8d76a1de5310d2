import { addDays, Api, companyToday, mondayOnOrAfter, newEmployee, type Company } from './client';

/**
 * The isolation sweep's pieces: company A's data on every kind of resource, and every
 * operation the server's OpenAPI document declares, filled in with A's ids. The route list
 * comes from the running server, so a new route is swept as soon as it is declared.
 */

const idPattern = /\b[a-z]{2,5}_[0-9a-z]{26}\b/g;

export interface Operation {
  method: string;
  template: string;
  params: { name: string; in: string; required?: boolean; schema?: { pattern?: string; format?: string } }[];
  example?: unknown;
}

/** Every operation that needs a principal (the public ones have `security: []`). */
export async function tenantOperations(api: Api): Promise<Operation[]> {
  const doc: any = (await api.get('/openapi.json')).body;
  const shared: Record<string, any> = doc.components?.parameters ?? {};
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (Array.isArray(op.security) && op.security.length === 0) continue;
      // The push streams never end: what they let through is the push contracts' to show.
      if (op.responses?.['101'] || op.responses?.['200']?.content?.['text/event-stream']) continue;
      const params = (op.parameters ?? []).map((p: any) => (p.$ref ? shared[p.$ref.split('/').pop()] : p));
      ops.push({ method: method.toUpperCase(), template, params, example: op.requestBody?.content?.['application/json']?.example });
    }
  }
  return ops;
}

/** Every id in a reply. */
export const idsIn = (body: unknown): string[] => JSON.stringify(body ?? null).match(idPattern) ?? [];

/** A company with something on every resource the API serves, each carrying `marker` where it has a name. */
export async function populate(api: Api, c: Company, marker: string): Promise<{ ids: Set<string>; dates: string[] }> {
  const o = { token: c.token };
  const ids = new Set<string>();
  const ok = async (what: string, reply: Promise<{ status: number; body: any }>) => {
    const res = await reply;
    if (res.status >= 300) throw new Error(`setup of ${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
    for (const id of idsIn(res.body)) ids.add(id);
    return res.body;
  };
  const today = await companyToday(api, c.token);
  // A webhook first, so that the writes below leave deliveries behind. Its receiver is a closed
  // loopback port: a test never looks up or calls a name off this machine.
  await ok('webhook', api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/roster', eventTypes: ['*'] }, o));
  const dept = await ok('department', api.post('/v1/departments', { name: `${marker} dept` }, o));
  const loc = await ok('location', api.post('/v1/locations', { name: `${marker} site`, timeZone: 'Europe/Berlin' }, o));
  const holiday = addDays(today, 40);
  await ok('holiday', api.post(`/v1/locations/${loc.id}/holidays`, { date: holiday, name: `${marker} day` }, o));
  await ok('job title', api.post('/v1/job-titles', { name: `${marker} title` }, o));
  await ok('checklist template', api.post('/v1/checklist-templates', { name: `${marker} onboarding`, kind: 'onboarding', tasks: [{ title: `${marker} laptop`, assignee: { type: 'role', role: 'admin' }, dueOffsetDays: 1 }] }, o));
  const emp = await ok(
    'employee',
    api.post('/v1/employees', newEmployee({ jobTitle: marker, departmentId: dept.id, locationId: loc.id, hireDate: addDays(today, -400) }), o),
  );
  await ok('lifecycle', api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: addDays(today, 60), jobTitle: `${marker} lead` }, o));
  const schedule = await ok('schedule', api.post('/v1/attendance/schedules', { name: `${marker} hours`, days: { 1: { start: '09:00', end: '17:00' } } }, o));
  await ok('schedule assignment', api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: schedule.id }, o));
  const type = await ok('leave type', api.post('/v1/leave-types', { name: `${marker} leave` }, o));
  await ok('policy', api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: `${marker} policy`, yearlyEntitlement: 12, startsOn: `${addDays(today, 32).slice(0, 7)}-01` }, o));
  await ok('adjustment', api.post(`/v1/employees/${emp.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 10, reason: marker }, o));
  const leaveFrom = mondayOnOrAfter(addDays(today, 20));
  const request = await ok('time-off request', api.post('/v1/timeoff-requests', { employeeId: emp.id, leaveTypeId: type.id, startDate: leaveFrom, endDate: addDays(leaveFrom, 1) }, o));
  // Documents: a file on the record and a sick note on the request (the body is the file).
  const pdf = { ...o, raw: `%PDF-1.7 ${marker}`, headers: { 'content-type': 'application/pdf' } };
  await ok('document', api.request('POST', `/v1/employees/${emp.id}/documents?category=contract&name=${marker}.pdf`, undefined, pdf));
  await ok('sick note', api.request('POST', `/v1/timeoff-requests/${request.id}/documents?name=${marker}-note.pdf`, undefined, pdf));
  const csv = `externalId,firstName,lastName,workEmail,hireDate\nX-${marker},${marker},Imported,imported.${c.slug}@example.test,${addDays(today, -10)}\n`;
  await ok('import', api.request('POST', '/v1/employee-imports', undefined, { ...o, raw: csv, headers: { 'content-type': 'text/csv' } }));
  await ok('api key', api.post('/v1/api-keys', { name: `${marker} key`, role: 'admin' }, o));
  await ok('invite', api.post('/v1/invites', { email: `invitee@${c.slug}.test`, name: `${marker} invitee`, role: 'employee' }, o));
  await ok('link', api.post('/v1/links', { target: '/invite#token=abc' }, o));
  // Privacy: a subject-access export job, and the erasure of a leaver.
  await ok('data export', api.post(`/v1/employees/${emp.id}/data-exports`, {}, o));
  const leaver = await ok('leaver', api.post('/v1/employees', newEmployee({ hireDate: addDays(today, -400) }), o));
  await ok('termination', api.post(`/v1/employees/${leaver.id}/lifecycle`, { type: 'termination', effectiveDate: addDays(today, -1), reason: marker }, o));
  const erasure = await ok('erasure', api.post(`/v1/employees/${leaver.id}/erasure`, { reason: marker }, o));
  // Done before anyone reads: what an erasure leaves in the logs is part of what is checked.
  // Bounded by time, and said when it is not done: an unfinished job would otherwise leave the
  // sweep to run out the test's own timeout, which also stops the target's processes.
  const until = Date.now() + 20_000;
  let job = await api.get(`/v1/erasures/${erasure.id}`, o);
  while (job.body.status !== 'completed' && Date.now() < until) {
    await Bun.sleep(50);
    job = await api.get(`/v1/erasures/${erasure.id}`, o);
  }
  if (job.body.status !== 'completed') throw new Error(`setup: the erasure did not complete in 20 s: ${JSON.stringify(job.body)}`);
  return { ids, dates: [holiday] };
}

/**
 * The concrete requests for an operation: each path and id query parameter filled with the
 * values of `ids` that its declared pattern accepts (dates from `dates`), a few of each.
 */
export function fill(op: Operation, ids: string[], dates: string[], today: string): { path: string; body?: unknown }[] {
  const pick = (p: Operation['params'][number]): string[] => {
    if (p.schema?.format === 'date') return p.name === 'to' ? [addDays(today, 90)] : p.name === 'from' ? [addDays(today, -90)] : dates;
    const pattern = p.schema?.pattern ? new RegExp(p.schema.pattern) : undefined;
    return pattern ? ids.filter((id) => pattern.test(id)).slice(0, 3) : [];
  };
  let paths = [op.template];
  const query: string[][] = [];
  for (const p of op.params) {
    if (p.in === 'path') {
      const values = pick(p);
      paths = paths.flatMap((path) => values.map((v) => path.replace(`{${p.name}}`, encodeURIComponent(v))));
    } else if (p.in === 'query' && (p.required || p.schema?.pattern)) {
      const values = pick(p);
      if (values.length) query.push(values.map((v) => `${p.name}=${encodeURIComponent(v)}`));
      else if (p.required) return [];
    }
  }
  const qs = query.map((q) => q[0]).join('&');
  // Ids in the example body are replaced by A's ids of the same kind.
  const body =
    op.example === undefined
      ? op.method === 'GET' || op.method === 'DELETE'
        ? undefined
        : {}
      : JSON.parse(
          JSON.stringify(op.example).replace(idPattern, (id) => ids.find((a) => a.split('_')[0] === id.split('_')[0]) ?? id),
        );
  return paths.map((path) => ({ path: qs ? `${path}?${qs}` : path, body }));
}
