import { describe, expect, test } from 'bun:test';
import { Api, linkUser, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

type Level = 'full' | 'employment' | 'directory' | 'none';

/*
 * The exact fields of each level, written out here rather than imported: a view that gains a
 * field (an address in the employment view, say) no longer matches its level and the matrix
 * test names the cell.
 */
const directoryKeys = ['custom', 'id', 'firstName', 'lastName', 'preferredName', 'displayName', 'workEmail', 'workPhone', 'jobTitle', 'departmentId', 'department', 'locationId', 'location', 'managerId'];
const employmentKeys = [...directoryKeys, 'employmentType', 'hireDate', 'status', 'terminationDate', 'externalId', 'version', 'createdAt', 'updatedAt'];
const fullKeys = [...employmentKeys, 'terminationReason', 'birthDate', 'address', 'emergencyContact'];
const sameKeys = (view: object, keys: string[]) => JSON.stringify(Object.keys(view).sort()) === JSON.stringify([...keys].sort());

/** The level a reply shows, judged by its exact set of keys; anything else is named as it is. */
function levelOf(view: Record<string, unknown> | undefined): string {
  if (!view) return 'none';
  if (sameKeys(view, fullKeys)) return 'full';
  if (sameKeys(view, employmentKeys)) return 'employment';
  if (sameKeys(view, directoryKeys)) return 'directory';
  return `unexpected keys: ${Object.keys(view).sort().join(',')}`;
}

type Target = 'manager' | 'report' | 'grandReport' | 'leaving' | 'formerReport' | 'colleague' | 'former';
type Viewer = 'owner' | 'admin' | 'hr' | 'manager' | 'report' | 'colleague' | 'apiKey';

/** Every personal field, with values that name their owner, so a leak anywhere in a reply is found by text. */
const personal = (who: Target) => ({
  birthDate: { manager: '1980-01-01', report: '1981-02-02', grandReport: '1982-03-03', leaving: '1983-04-04', formerReport: '1984-05-05', colleague: '1985-06-06', former: '1986-07-07' }[who],
  address: { line1: `${who} Private Lane 12`, line2: 'Flat 3', city: `${who}-town`, postalCode: '10115', region: 'Berlin', country: 'DE' },
  emergencyContact: { name: `${who} Emergency Contact`, relationship: 'Sister', phone: '+49 30 7654321' },
});
const reasonOf = (who: Target) => `${who}: confidential reason`;
/** The texts that only a full view (or a full history) may carry about someone. */
const secretsOf = (who: Target) => [personal(who).birthDate, personal(who).address.line1, personal(who).emergencyContact.name, reasonOf(who)];

const nextYear = () => `${new Date().getUTCFullYear() + 1}-06-30`;

/**
 * A fresh company (one per test, so that no test sees another's changes) with people in every
 * relation to every viewer: a manager with a report, the report's report (who left once and
 * was rehired), a report whose termination is scheduled, a report who has left, an unrelated
 * colleague and a former employee. Everyone has every personal field. Each signed-in viewer
 * is linked to their employee record by work email.
 */
async function company(api: Api) {
  const c = await signUp(api, 'vis');
  const hire = async (who: Target, fields: Record<string, unknown>) => {
    const res = await api.post('/v1/employees', newEmployee({ lastName: `Zed-${who}`, ...personal(who), ...fields }), { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const lifecycle = async (id: string, body: Record<string, unknown>) => {
    const res = await api.post(`/v1/employees/${id}/lifecycle`, body, { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  };
  const managerUser = await userWithRole(api, c, 'manager');
  const reportUser = await userWithRole(api, c, 'employee');
  const colleagueUser = await userWithRole(api, c, 'employee');
  const hrUser = await userWithRole(api, c, 'hr');
  const adminUser = await userWithRole(api, c, 'admin');
  const manager = await hire('manager', { workEmail: managerUser.email, hireDate: '2021-05-01' });
  const report = await hire('report', { workEmail: reportUser.email, managerId: manager, hireDate: '2020-02-01', employmentType: 'part_time' });
  const grandReport = await hire('grandReport', { managerId: report, hireDate: '2023-01-10' });
  const leaving = await hire('leaving', { managerId: manager, hireDate: '2019-07-01' });
  const formerReport = await hire('formerReport', { managerId: manager, hireDate: '2018-03-01' });
  const colleague = await hire('colleague', { workEmail: colleagueUser.email, hireDate: '2022-09-01' });
  // Each account is linked to its record by HR (by id; the matching email links nothing).
  for (const [user, employee] of [[managerUser, manager], [reportUser, report], [colleagueUser, colleague]] as const) await linkUser(api, c, user.id, employee);
  const former = await hire('former', { hireDate: '2017-01-01' });
  await lifecycle(grandReport, { type: 'termination', effectiveDate: '2024-03-31', reason: reasonOf('grandReport') });
  await lifecycle(grandReport, { type: 'rehire', effectiveDate: '2024-05-01' });
  await lifecycle(leaving, { type: 'termination', effectiveDate: nextYear(), reason: reasonOf('leaving') });
  await lifecycle(formerReport, { type: 'termination', effectiveDate: '2024-06-30', reason: reasonOf('formerReport') });
  await lifecycle(former, { type: 'termination', effectiveDate: '2024-06-30', reason: reasonOf('former') });
  const key = (await api.post('/v1/api-keys', { name: 'Directory sync', role: 'employee' }, { token: c.token })).body.key as string;
  const targets: Record<Target, string> = { manager, report, grandReport, leaving, formerReport, colleague, former };
  const viewers: Record<Viewer, string> = { owner: c.token, admin: adminUser.token, hr: hrUser.token, manager: managerUser.token, report: reportUser.token, colleague: colleagueUser.token, apiKey: key };
  return { c, targets, viewers };
}

const everyone = (level: Level): Record<Target, Level> => ({ manager: level, report: level, grandReport: level, leaving: level, formerReport: level, colleague: level, former: level });

/** The matrix of the README, cell by cell. Former staff are seen by owner, admin and HR only. */
const matrix: Record<Viewer, Record<Target, Level>> = {
  owner: everyone('full'),
  admin: everyone('full'),
  hr: everyone('full'),
  manager: { manager: 'full', report: 'employment', grandReport: 'employment', leaving: 'employment', formerReport: 'none', colleague: 'directory', former: 'none' },
  report: { ...everyone('directory'), report: 'full', formerReport: 'none', former: 'none' },
  colleague: { ...everyone('directory'), colleague: 'full', formerReport: 'none', former: 'none' },
  apiKey: { ...everyone('directory'), formerReport: 'none', former: 'none' },
};

const entries = <K extends string, V>(o: Record<K, V>) => Object.entries(o) as [K, V][];

/*
 * The tiers beyond the level: custom fields name one of five tiers, and pay is a tier of its
 * own. Pay, cell by cell: owner, admin, HR and the employee themself; a manager for their
 * current reports only when the company turns it on (`payWithManagers`).
 */
type Tier = 'directory' | 'employment' | 'personal' | 'compensation' | 'hr';
const nobody = (): Record<Target, boolean> => ({ manager: false, report: false, grandReport: false, leaving: false, formerReport: false, colleague: false, former: false });
const all = (): Record<Target, boolean> => ({ manager: true, report: true, grandReport: true, leaving: true, formerReport: true, colleague: true, former: true });
const payMatrix: Record<Viewer, Record<Target, boolean>> = {
  owner: all(),
  admin: all(),
  hr: all(),
  manager: { ...nobody(), manager: true },
  report: { ...nobody(), report: true },
  colleague: { ...nobody(), colleague: true },
  apiKey: nobody(),
};
const payWithManagers: Record<Viewer, Record<Target, boolean>> = { ...payMatrix, manager: { ...nobody(), manager: true, report: true, grandReport: true, leaving: true } };
const hrTier: Record<Viewer, boolean> = { owner: true, admin: true, hr: true, manager: false, report: false, colleague: false, apiKey: false };
const levelTiers: Record<Level, Tier[]> = { full: ['directory', 'employment', 'personal'], employment: ['directory', 'employment'], directory: ['directory'], none: [] };
/** The custom-field tiers of one cell: those of its level, pay where the pay matrix says, HR-only for HR. */
const tiersCell = (viewer: Viewer, target: Target, pay: Record<Viewer, Record<Target, boolean>>): Tier[] => [
  ...levelTiers[matrix[viewer][target]],
  ...(pay[viewer][target] ? (['compensation'] as const) : []),
  ...(hrTier[viewer] ? (['hr'] as const) : []),
];
const customValue = (who: Target, tier: Tier) => `${who}-${tier}-value`;
const payOf = (who: Target) => `${['1', '2', '3', '4', '5', '6', '7'][Object.keys(nobody()).indexOf(who)]}98765.43`;

export const visibilityContract: ContractCase = (target) => {
  describe('visibility by role', () => {
    const fresh = async () => {
      const api = new Api(target().baseUrl);
      return { api, ...(await company(api)) };
    };

    test('every cell of the matrix holds on the detail read, by the exact set of fields', async () => {
      const { api, viewers, targets } = await fresh();
      const seen: Record<string, Record<string, string>> = {};
      for (const [viewer, token] of entries(viewers)) {
        seen[viewer] = {};
        for (const [name, id] of entries(targets)) {
          const res = await api.get(`/v1/employees/${id}`, { token });
          expect([200, 404]).toContain(res.status);
          seen[viewer]![name] = res.status === 404 ? 'none' : levelOf(res.body);
        }
      }
      expect(seen).toEqual(matrix);
    });

    test('the full view carries every personal field as stored; no lower view carries any of them, under any name', async () => {
      const { api, viewers, targets } = await fresh();
      const hr = await api.get(`/v1/employees/${targets.former}`, { token: viewers.hr });
      expect(hr.body).toMatchObject({ ...personal('former'), terminationReason: reasonOf('former'), terminationDate: '2024-06-30', status: 'terminated' });
      const self = await api.get(`/v1/employees/${targets.report}`, { token: viewers.report });
      expect(self.body).toMatchObject({ ...personal('report'), terminationReason: null });
      for (const [viewer, token] of entries(viewers)) {
        for (const [name, id] of entries(targets)) {
          if (matrix[viewer][name] === 'full') continue;
          const text = JSON.stringify((await api.get(`/v1/employees/${id}`, { token })).body);
          for (const secret of secretsOf(name)) expect([viewer, name, text.includes(secret!)]).toEqual([viewer, name, false]);
        }
      }
    });

    test('custom-field tiers and the pay tier hold cell by cell: detail, list, filter, sort and pay reads', async () => {
      const { api, c, viewers, targets } = await fresh();
      const tierList: Tier[] = ['directory', 'employment', 'personal', 'compensation', 'hr'];
      for (const tier of tierList) expect((await api.post('/v1/custom-fields', { key: `tier_${tier}`, label: tier, type: 'text', tier }, { token: c.token })).status).toBe(201);
      for (const [name, id] of entries(targets)) {
        const values = Object.fromEntries(tierList.map((t) => [`tier_${t}`, customValue(name, t)]));
        expect((await api.patch(`/v1/employees/${id}/custom-fields`, { values }, { token: c.token })).status).toBe(200);
        const hireDate = (await api.get(`/v1/employees/${id}`, { token: c.token })).body.hireDate;
        expect((await api.post(`/v1/employees/${id}/compensation`, { effectiveDate: hireDate, amount: payOf(name), currency: 'EUR', frequency: 'yearly', reason: 'hire', payGrade: `G-${name}` }, { token: c.token })).status).toBe(201);
      }
      const check = async (pay: Record<Viewer, Record<Target, boolean>>) => {
        const seen: Record<string, Record<string, string[]>> = {};
        const expected: Record<string, Record<string, string[]>> = {};
        for (const [viewer, token] of entries(viewers)) {
          seen[viewer] = {};
          expected[viewer] = {};
          const list = await api.get('/v1/employees?limit=200', { token });
          const listText = JSON.stringify(list.body);
          const byId = new Map<string, { custom: Record<string, string> }>(list.body.items.map((e: { id: string; custom: Record<string, string> }) => [e.id, e]));
          for (const [name, id] of entries(targets)) {
            const want = tiersCell(viewer, name, pay);
            const detail = await api.get(`/v1/employees/${id}`, { token });
            const payRead = await api.get(`/v1/employees/${id}/compensation`, { token });
            const shown = detail.status === 200 ? Object.keys(detail.body.custom).map((k) => k.slice(5)) : [];
            seen[viewer]![name] = [...shown.sort(), `pay:${payRead.status}`, `list:${Object.keys(byId.get(id)?.custom ?? {}).length}`];
            expected[viewer]![name] = [...[...want].sort(), `pay:${pay[viewer][name] ? 200 : 404}`, `list:${want.length}`];
            // What is hidden is nowhere: not in the detail, the list, the pay read or its error.
            for (const tier of tierList.filter((t) => !want.includes(t))) {
              expect([viewer, name, tier, listText.includes(customValue(name, tier)), JSON.stringify(detail.body).includes(customValue(name, tier))]).toEqual([viewer, name, tier, false, false]);
            }
            if (!pay[viewer][name]) {
              expect([viewer, name, JSON.stringify(payRead.body).includes(payOf(name)), JSON.stringify(payRead.body).includes(`G-${name}`)]).toEqual([viewer, name, false, false]);
            }
          }
        }
        expect(seen).toEqual(expected);
      };
      await check(payMatrix);
      expect((await api.request('PUT', '/v1/compensation/settings', { managersSeePay: true }, { token: c.token })).status).toBe(200);
      await check(payWithManagers);
       }, 60_000);

    test('a custom field of a tier the reader cannot read matches no filter, for every cell', async () => {
      const { api, c, viewers, targets } = await fresh();
      const tierList: Tier[] = ['employment', 'personal', 'compensation', 'hr'];
      for (const tier of tierList) await api.post('/v1/custom-fields', { key: `tier_${tier}`, label: tier, type: 'text', tier }, { token: c.token });
      for (const [name, id] of entries(targets)) {
        await api.patch(`/v1/employees/${id}/custom-fields`, { values: Object.fromEntries(tierList.map((t) => [`tier_${t}`, customValue(name, t)])) }, { token: c.token });
      }
      const found: string[] = [];
      const allowed: string[] = [];
      for (const [viewer, token] of entries(viewers)) {
        for (const [name, id] of entries(targets)) {
          for (const tier of tierList) {
            const res = await api.get(`/v1/employees?custom.tier_${tier}=${encodeURIComponent(customValue(name, tier))}`, { token });
            if (res.body.items.some((e: { id: string }) => e.id === id)) found.push(`${viewer}/${name}/${tier}`);
            if (tiersCell(viewer, name, payMatrix).includes(tier)) allowed.push(`${viewer}/${name}/${tier}`);
          }
        }
      }
      expect(found).toEqual(allowed);
       }, 60_000);

    test('a colleague’s ETag changes when what they see changes, not with every hidden change', async () => {
      const { api, c, viewers, targets } = await fresh();
      const read = () => api.get(`/v1/employees/${targets.grandReport}`, { token: viewers.colleague });
      const before = (await read()).headers.get('etag');
      await api.patch(`/v1/employees/${targets.grandReport}`, { birthDate: '1991-01-01' }, { token: c.token, headers: { 'if-match': '*' } });
      expect((await read()).headers.get('etag')).toBe(before);
      await api.patch(`/v1/employees/${targets.grandReport}`, { jobTitle: 'Principal' }, { token: c.token, headers: { 'if-match': '*' } });
      expect((await read()).headers.get('etag')).not.toBe(before);
    });

    test('lists and their counts show each row at the same level, and never a hidden one or a hidden value', async () => {
      const { api, viewers, targets } = await fresh();
      for (const [viewer, token] of entries(viewers)) {
        const res = await api.get('/v1/employees?limit=200', { token });
        const byId = new Map<string, Record<string, unknown>>(res.body.items.map((e: { id: string }) => [e.id, e]));
        const visible = Object.values(matrix[viewer]).filter((l) => l !== 'none').length;
        expect([viewer, res.body.total, res.body.items.length]).toEqual([viewer, visible, visible]);
        for (const [name, id] of entries(targets)) {
          const row = byId.get(id);
          expect([viewer, name, levelOf(row)]).toEqual([viewer, name, matrix[viewer][name]]);
          if (row && matrix[viewer][name] !== 'full') for (const secret of secretsOf(name)) expect([viewer, name, JSON.stringify(row).includes(secret!)]).toEqual([viewer, name, false]);
        }
      }
    });

    test('filters cannot reveal a hidden field: a field the reader cannot see matches no filter', async () => {
      const { api, viewers, targets } = await fresh();
      const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((e) => e.id).sort();
      // A colleague sees nobody's status but their own: filtering on it cannot tell who has left.
      const terminated = await api.get('/v1/employees?status=terminated', { token: viewers.colleague });
      expect([terminated.body.items, terminated.body.total]).toEqual([[], 0]);
      const active = await api.get('/v1/employees?status=active', { token: viewers.colleague });
      expect(ids(active)).toEqual([targets.colleague]);
      // The report is part-time: HR and their manager find them by it, a colleague does not.
      const partTime = (token: string) => api.get('/v1/employees?employmentType=part_time', { token });
      expect(ids(await partTime(viewers.hr))).toEqual([targets.report]);
      expect(ids(await partTime(viewers.manager))).toEqual([targets.report]);
      expect((await partTime(viewers.colleague)).body.total).toBe(0);
      // A manager does not find the report who has left, by status or otherwise.
      const gone = await api.get('/v1/employees?status=terminated', { token: viewers.manager });
      expect(gone.body.total).toBe(0);
      const hr = await api.get('/v1/employees?status=terminated', { token: viewers.hr });
      expect(ids(hr)).toEqual([targets.formerReport, targets.former].sort());
    });

    test('sorting follows what the reader sees: HR gets hire-date order, a colleague cannot learn it', async () => {
      const { api, viewers, targets } = await fresh();
      const order = async (token: string, sort: string) => {
        // Two rows a page, so that the order holds across pages too.
        const out: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.get(`/v1/employees?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`, { token });
          out.push(...res.body.items.map((e) => e.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        return out;
      };
      const hireDates = new Map<string, string>();
      for (const id of Object.values(targets)) hireDates.set(id, (await api.get(`/v1/employees/${id}`, { token: viewers.hr })).body.hireDate);
      const byHireDate = [...hireDates.keys()].sort((a, b) => hireDates.get(a)!.localeCompare(hireDates.get(b)!) || (a < b ? -1 : 1));
      expect(new Set(hireDates.values()).size).toBe(7); // distinct dates: the order is fully determined by them
      expect(await order(viewers.hr, 'hireDate')).toEqual(byHireDate);
      expect(await order(viewers.hr, '-hireDate')).toEqual([...byHireDate].reverse());
      // A colleague sees only their own hire date: the others sort as missing (last, by id),
      // in both directions, so their order says nothing about when anyone joined.
      const others = Object.entries(targets)
        .filter(([name]) => matrix.colleague[name as Target] === 'directory')
        .map(([, id]) => id)
        .sort();
      expect(await order(viewers.colleague, 'hireDate')).toEqual([targets.colleague, ...others]);
      expect(await order(viewers.colleague, '-hireDate')).toEqual([targets.colleague, ...others]);
      // Sorting on a field everyone sees does sort for the colleague too.
      const byLastName = (await order(viewers.colleague, 'lastName')).map((id) => Object.entries(targets).find(([, t]) => t === id)![0]);
      expect(byLastName).toEqual([...byLastName].sort((a, b) => `zed-${a}`.localeCompare(`zed-${b}`)));
    });

    test('history, balances and the as-of view need employment access; a manager never reads a termination reason', async () => {
      const { api, viewers, targets } = await fresh();
      for (const [viewer, token] of entries(viewers)) {
        for (const [name, id] of entries(targets)) {
          const level = matrix[viewer][name];
          const allowed = level === 'full' || level === 'employment';
          const history = await api.get(`/v1/employees/${id}/lifecycle`, { token });
          const balances = await api.get(`/v1/employees/${id}/balances`, { token });
          const asOf = await api.get(`/v1/employees/${id}?asOf=2024-12-31`, { token });
          expect([viewer, name, history.status, balances.status]).toEqual([viewer, name, allowed ? 200 : 404, allowed ? 200 : 404]);
          expect([viewer, name, asOf.status]).toEqual([viewer, name, level === 'none' ? 404 : 200]);
          if (level !== 'full') {
            const text = JSON.stringify([history.body, asOf.body]);
            for (const secret of secretsOf(name)) expect([viewer, name, text.includes(secret!)]).toEqual([viewer, name, false]);
          }
        }
      }
      // The manager does read the history: the scheduled termination and the past one, without their reasons.
      const leaving = await api.get(`/v1/employees/${targets.leaving}/lifecycle`, { token: viewers.manager });
      expect(leaving.body.items.find((e: { type: string }) => e.type === 'termination')).toMatchObject({ state: 'scheduled', effectiveDate: nextYear(), reason: null });
      const rehired = await api.get(`/v1/employees/${targets.grandReport}/lifecycle`, { token: viewers.manager });
      expect(rehired.body.items.map((e: { type: string }) => e.type)).toEqual(['hire', 'termination', 'rehire']);
      expect(rehired.body.items[1].changes).toEqual({ status: 'terminated', terminationDate: '2024-03-31' });
      // HR reads the reason, in the event and in its changes.
      const hr = await api.get(`/v1/employees/${targets.grandReport}/lifecycle`, { token: viewers.hr });
      expect(hr.body.items[1]).toMatchObject({ reason: reasonOf('grandReport'), changes: { terminationReason: reasonOf('grandReport') } });
    });

    test('the org chart shows current staff in the directory view only', async () => {
      const { api, viewers, targets } = await fresh();
      const chart = await api.get(`/v1/org-chart?root=${targets.manager}&depth=5`, { token: viewers.colleague });
      expect(chart.status).toBe(200);
      const top = chart.body.items[0];
      expect(top.id).toBe(targets.manager);
      const { reportCount: _count, reports: _reports, ...node } = top;
      expect(levelOf(node)).toBe('directory');
      expect(top.reports.map((r: { id: string }) => r.id)).toEqual([targets.leaving, targets.report]); // by last name: Zed-leaving, Zed-report
      expect(top.reports[1].reports.map((r: { id: string }) => r.id)).toEqual([targets.grandReport]);
      const whole = JSON.stringify((await api.get('/v1/org-chart?depth=5', { token: viewers.colleague })).body);
      expect(whole).not.toContain(targets.former);
      expect(whole).not.toContain(targets.formerReport);
      for (const name of Object.keys(targets) as Target[]) for (const secret of secretsOf(name)) expect([name, whole.includes(secret!)]).toEqual([name, false]);
    });

    test('events about an employee reach their manager in the employment view, without personal fields', async () => {
      const { api, viewers, targets } = await fresh();
      const events = await waitFor(async () => {
        const res = await api.get('/v1/events?limit=200', { token: viewers.manager });
        return res.status === 200 && res.body.items.some((e: { subject: string }) => e.subject === targets.leaving) ? res : undefined;
      });
      // The manager does hear of their reports, and of nobody unrelated.
      const about = events.body.items.filter((e: { type: string }) => e.type.startsWith('employee.'));
      const subjects = new Set(about.map((e: { subject: string }) => e.subject));
      expect(subjects.has(targets.report)).toBe(true);
      expect(subjects.has(targets.colleague)).toBe(false);
      expect(subjects.has(targets.former)).toBe(false);
      for (const e of about.filter((e: { data: { employee?: object } }) => e.data.employee)) expect([e.type, levelOf(e.data.employee)]).toEqual([e.type, 'employment']);
      const text = JSON.stringify(events.body);
      for (const name of Object.keys(targets) as Target[]) for (const secret of secretsOf(name)) expect([name, text.includes(secret!)]).toEqual([name, false]);
    });
  });
};
