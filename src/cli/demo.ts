import type { Config } from '../config';
import type { Logger } from '../log';
import { createEmbedded } from '../runtime/embedded';

/**
 * `roster demo` (npm run demo): fills a company a new user can explore at once, through the
 * same HTTP API clients use (in process, no port): a department tree, three locations with
 * their holidays, about 250 people with managers, a history of transfers and leavers, leave
 * types with a policy and balances, time-off requests in every state and weeks of attendance.
 */
export const demoPassword = 'roster-demo-password';
const slug = 'demo';

const first = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia', 'Tim', 'Hedy', 'John', 'Katherine', 'Donald', 'Sophie', 'Yukihiro', 'Anita', 'Guido', 'Mary', 'Bjarne', 'Shafi', 'Leslie', 'Fei-Fei'];
const last = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Johnson', 'Knuth', 'Wilson', 'Matsumoto', 'Borg', 'van Rossum', 'Jackson', 'Stroustrup', 'Goldwasser', 'Lamport', 'Li'];

export async function runDemo(config: Config, log: Logger, say: (line: string) => void = console.log): Promise<void> {
  // The demo writes thousands of records as one user in a second: far above any plan's limit.
  const unlimited = { standard: { principal: [1e9, 60], tenant: [1e9, 60] } } as Config['ROSTER_RATE_LIMITS'];
  const roster = createEmbedded({ ...config, ROSTER_RATE_LIMITS: unlimited }, log);
  let token = '';
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const res = await roster.app.request(path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': contentType } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return json;
  };
  try {
    const exists = await roster.app.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: slug, email: `ada@${slug}.test`, password: demoPassword }) });
    if (exists.status === 200) {
      say(`The demo company already exists in ${config.ROSTER_DATA}.`);
      return printAccess(say);
    }
    say('Creating the company…');
    await call('POST', '/v1/tenants', { name: 'Demo Industries', slug, owner: { name: 'Ada Owner', email: `ada@${slug}.test`, password: demoPassword } });
    token = (await call('POST', '/v1/auth/login', { tenant: slug, email: `ada@${slug}.test`, password: demoPassword })).accessToken;
    await call('PATCH', '/v1/settings', { timeZone: 'Europe/Berlin' });

    say('Organisation: locations, holidays, departments, job titles…');
    const year = new Date().getUTCFullYear();
    const berlin = await call('POST', '/v1/locations', { name: 'Berlin', timeZone: 'Europe/Berlin', country: 'DE' });
    const newYork = await call('POST', '/v1/locations', { name: 'New York', timeZone: 'America/New_York', country: 'US' });
    const dubai = await call('POST', '/v1/locations', { name: 'Dubai', timeZone: 'Asia/Dubai', weekendDays: [6, 0], country: 'AE' });
    for (const [loc, days] of [
      [berlin, [['01-01', "New Year's Day"], ['05-01', 'Labour Day'], ['10-03', 'German Unity Day'], ['12-25', 'Christmas Day'], ['12-26', 'Boxing Day']]],
      [newYork, [['01-01', "New Year's Day"], ['07-04', 'Independence Day'], ['11-26', 'Thanksgiving'], ['12-25', 'Christmas Day']]],
      [dubai, [['01-01', "New Year's Day"], ['12-02', 'National Day'], ['12-03', 'National Day holiday']]],
    ] as const) {
      for (const [day, name] of days) await call('POST', `/v1/locations/${loc.id}/holidays`, { date: `${year}-${day}`, name });
    }
    const tree: Record<string, string[]> = {
      Engineering: ['Platform', 'Product', 'Data'],
      Sales: ['EMEA Sales', 'Americas Sales'],
      Operations: ['Customer Support', 'People'],
      Finance: [],
    };
    const leafDepartments: string[] = [];
    for (const [top, children] of Object.entries(tree)) {
      const parent = await call('POST', '/v1/departments', { name: top });
      if (children.length === 0) leafDepartments.push(top);
      for (const child of children) {
        await call('POST', '/v1/departments', { name: child, parentId: parent.id });
        leafDepartments.push(child);
      }
    }
    for (const title of ['Engineer', 'Senior Engineer', 'Engineering Manager', 'Account Executive', 'Support Specialist', 'HR Partner', 'Accountant', 'Head of Department']) {
      await call('POST', '/v1/job-titles', { name: title });
    }

    say('People: 250 employees with managers, by CSV import…');
    const people = 250;
    const emailOf = (i: number) => (i === 1 ? `hana@${slug}.test` : i === 2 ? `max@${slug}.test` : i === 100 ? `eve@${slug}.test` : `person${i}@${slug}.test`);
    const locationOf = (i: number) => (i % 5 === 0 ? 'New York' : i % 7 === 0 ? 'Dubai' : 'Berlin');
    const rows = ['externalId,firstName,lastName,workEmail,hireDate,department,location,managerEmail,jobTitle,employmentType'];
    for (let i = 0; i < people; i++) {
      // Person 0 leads the company, 1-10 lead a department, everyone else reports to a lead or to a lead's report.
      const department = i === 0 ? 'Finance' : leafDepartments[i % leafDepartments.length]!;
      const manager = i === 0 ? '' : i <= leafDepartments.length ? emailOf(0) : i < 60 ? emailOf((i % leafDepartments.length) || leafDepartments.length) : emailOf(11 + (i % 49));
      const title = i === 0 ? 'Head of Department' : i <= leafDepartments.length ? 'Engineering Manager' : department.includes('Sales') ? 'Account Executive' : department === 'Customer Support' ? 'Support Specialist' : department === 'People' ? 'HR Partner' : department === 'Finance' ? 'Accountant' : i % 3 ? 'Engineer' : 'Senior Engineer';
      const hired = `${2015 + (i % 10)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`;
      rows.push([`D${1000 + i}`, first[i % first.length], `${last[(i * 7) % last.length]}`, emailOf(i), hired, department, locationOf(i), manager, title, i % 11 === 0 ? 'part_time' : 'full_time'].join(','));
    }
    const imported = await call('POST', '/v1/employee-imports', rows.join('\n'), 'text/csv');
    say(`  imported ${imported.created} employees`);

    say('History: transfers, leavers and a change scheduled for next month…');
    const all: { id: string; workEmail: string }[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: { id: string; workEmail: string }[]; nextCursor: string | null } = await call('GET', `/v1/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    const byEmail = new Map(all.map((e) => [e.workEmail, e.id]));
    say('Users: an HR partner, a manager and an employee who can sign in…');
    // Invited from their employee records: each account is linked to its record by id.
    const invite = async (email: string, name: string, role: string) => {
      const inv = await call('POST', '/v1/invites', { email, name, role, employeeId: byEmail.get(email) });
      await call('POST', '/v1/invites/accept', { token: inv.inviteToken, password: demoPassword });
    };
    await invite(`hana@${slug}.test`, 'Hana HR', 'hr');
    await invite(`max@${slug}.test`, 'Max Manager', 'manager');
    await invite(`eve@${slug}.test`, 'Eve Employee', 'employee');

    const data = (await call('GET', '/v1/departments?parentId=none')).items as { id: string; name: string }[];
    const engineering = data.find((d) => d.name === 'Engineering')!;
    for (let i = 200; i < 205; i++) {
      const id = byEmail.get(emailOf(i));
      if (id) await call('POST', `/v1/employees/${id}/lifecycle`, { type: 'transfer', effectiveDate: `${year - 1}-07-01`, departmentId: engineering.id, reason: 'Team reshuffle' });
    }
    for (let i = 180; i < 188; i++) {
      const id = byEmail.get(emailOf(i)) ?? all[i % all.length]!.id;
      await call('POST', `/v1/employees/${id}/lifecycle`, { type: 'termination', effectiveDate: `${year - 1}-${String((i % 12) + 1).padStart(2, '0')}-28`, reason: 'Resigned' }).catch(() => undefined);
    }
    const nextMonth = new Date(Date.UTC(year, new Date().getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    await call('POST', `/v1/employees/${byEmail.get(emailOf(100))}/lifecycle`, { type: 'title_change', effectiveDate: nextMonth, jobTitle: 'Senior Engineer', reason: 'Promotion' });

    say('Time off: leave types and a monthly-accrual policy (balances catch up at once)…');
    const vacation = await call('POST', '/v1/leave-types', { name: 'Vacation', paid: true });
    await call('POST', '/v1/leave-types', { name: 'Sick leave', paid: true });
    await call('POST', '/v1/leave-types', { name: 'Unpaid leave', paid: false });
    await call('POST', '/v1/timeoff-policies', { leaveTypeId: vacation.id, name: 'Vacation, 30 days', yearlyEntitlement: 30, startsOn: `${year}-01-01` });
    await demoExtras({ call, say, byEmail, emailOf, vacationTypeId: vacation.id, year });

    say('Done.');
    printAccess(say);
  } finally {
    await roster.close();
  }
}

interface Extras {
  call: (method: string, path: string, body?: unknown) => Promise<any>;
  say: (line: string) => void;
  byEmail: Map<string, string>;
  emailOf: (i: number) => string;
  vacationTypeId: string;
  year: number;
}

async function demoExtras(o: Extras): Promise<void> {
  await demoRequests(o);
  await demoAttendance(o);
}

/** Time-off requests in every state: taken, approved ahead, waiting, turned down, withdrawn. */
async function demoRequests({ call, say, byEmail, emailOf, vacationTypeId }: Extras): Promise<void> {
  say('Time off: requests in every state…');
  const today = new Date();
  const day = (offset: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset)).toISOString().slice(0, 10);
  const states = { approved: 0, pending: 0, rejected: 0, cancelled: 0 };
  for (let k = 0; k < 60; k++) {
    const employeeId = byEmail.get(emailOf(60 + k));
    if (!employeeId) continue;
    // Spread over the last two months and the next two, two to four days each.
    const start = -60 + ((k * 9) % 120);
    const request = await call('POST', '/v1/timeoff-requests', { employeeId, leaveTypeId: vacationTypeId, startDate: day(start), endDate: day(start + 2 + (k % 3)), note: 'Family time' }).catch(() => undefined);
    if (!request) continue; // a weekend-only range or a short balance: skip it
    const fate = start < 0 ? 'approved' : (['approved', 'pending', 'pending', 'rejected', 'cancelled'] as const)[k % 5]!;
    if (fate === 'approved' || fate === 'cancelled') await call('POST', `/v1/timeoff-requests/${request.id}/approve`, { comment: 'Enjoy!' });
    if (fate === 'rejected') await call('POST', `/v1/timeoff-requests/${request.id}/reject`, { comment: 'Release week: could you move it?' });
    if (fate === 'cancelled') await call('POST', `/v1/timeoff-requests/${request.id}/cancel`, { reason: 'Plans changed' });
    states[fate]++;
  }
  say(`  ${states.approved} approved, ${states.pending} pending, ${states.rejected} rejected, ${states.cancelled} cancelled`);
}

/** Office hours for 40 people in Berlin and three weeks of their punches, some of them late. */
async function demoAttendance({ call, say, byEmail, emailOf }: Extras): Promise<void> {
  say('Attendance: a schedule and three weeks of punches for 40 people…');
  const weekdays = Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, { start: '09:00', end: '17:30' }]));
  const schedule = await call('POST', '/v1/attendance/schedules', { name: 'Office hours', days: weekdays, graceMinutes: 10 });
  const people = Array.from({ length: 40 }, (_, k) => byEmail.get(emailOf(100 + k))).filter((id): id is string => !!id);
  for (const id of people) await call('PUT', `/v1/employees/${id}/schedule`, { scheduleId: schedule.id });
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  for (let back = 21; back >= 1; back--) {
    const day = new Date(today - back * 86_400_000);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const date = day.toISOString().slice(0, 10);
    for (const [n, id] of people.entries()) {
      if ((n + back) % 17 === 0) continue; // now and then someone is absent
      const late = (n * 7 + back) % 11 === 0 ? 25 : (n + back) % 9; // minutes after nine, Berlin time (UTC+1 in winter)
      const inAt = new Date(Date.parse(`${date}T08:00:00Z`) + late * 60_000).toISOString();
      const outAt = new Date(Date.parse(`${date}T16:30:00Z`) + ((n + back) % 40) * 60_000).toISOString();
      await call('POST', '/v1/attendance/punches', { employeeId: id, kind: 'in', at: inAt, clientEventId: `demo-${id}-${date}-in`, source: n % 3 ? 'web' : 'mobile' });
      await call('POST', '/v1/attendance/punches', { employeeId: id, kind: 'out', at: outAt, clientEventId: `demo-${id}-${date}-out`, source: n % 3 ? 'web' : 'mobile' });
    }
  }
}

function printAccess(say: (line: string) => void) {
  say('');
  say('Start Roster (npm start) and sign in to company "demo" with any of these, password "roster-demo-password":');
  say(`  ada@${slug}.test   owner`);
  say(`  hana@${slug}.test  hr`);
  say(`  max@${slug}.test   manager (with reports)`);
  say(`  eve@${slug}.test   employee`);
  say('  e.g. curl -s localhost:3000/v1/auth/login -H content-type:application/json \\');
  say(`       -d '{"tenant":"demo","email":"ada@${slug}.test","password":"roster-demo-password"}'`);
  say('  The API is described at /docs.');
}
