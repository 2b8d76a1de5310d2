import { describe, expect, test } from 'bun:test';
import { Api, linkUser, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

type Level = 'full' | 'employment' | 'directory' | 'none';

/** What each level shows, by one field that only that level (and those above it) carries. */
function levelOf(view: Record<string, unknown> | undefined): Level {
  if (!view) return 'none';
  if ('birthDate' in view) return 'full';
  if ('hireDate' in view) return 'employment';
  return 'directory';
}

/**
 * A company with people in every relation to every viewer: a manager with a report and the
 * report's report, an unrelated colleague and a former employee; each viewer is a signed-in
 * user whose employee record has their email.
 */
async function company(api: Api) {
  const c = await signUp(api, 'vis');
  const hire = async (fields: Record<string, unknown>) => {
    const res = await api.post('/v1/employees', newEmployee({ birthDate: '1990-05-05', ...fields }), { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string };
  };
  const managerUser = await userWithRole(api, c, 'manager');
  const reportUser = await userWithRole(api, c, 'employee');
  const colleagueUser = await userWithRole(api, c, 'employee');
  const hrUser = await userWithRole(api, c, 'hr');
  const adminUser = await userWithRole(api, c, 'admin');
  const manager = await hire({ workEmail: managerUser.email });
  const report = await hire({ workEmail: reportUser.email, managerId: manager.id });
  const grandReport = await hire({ managerId: report.id });
  const colleague = await hire({ workEmail: colleagueUser.email });
  for (const [user, employee] of [[managerUser, manager], [reportUser, report], [colleagueUser, colleague]] as const) await linkUser(api, c, user.id, employee.id);
  const former = await hire({});
  const fired = await api.post(`/v1/employees/${former.id}/lifecycle`, { type: 'termination', effectiveDate: '2024-06-30', reason: 'Left for a startup' }, { token: c.token });
  if (fired.status !== 201) throw new Error(JSON.stringify(fired.body));
  const key = (await api.post('/v1/api-keys', { name: 'Directory sync', role: 'employee' }, { token: c.token })).body.key as string;
  return {
    c,
    targets: { manager: manager.id, report: report.id, grandReport: grandReport.id, colleague: colleague.id, former: former.id },
    viewers: { owner: c.token, admin: adminUser.token, hr: hrUser.token, manager: managerUser.token, report: reportUser.token, colleague: colleagueUser.token, apiKey: key },
  };
}

type Viewer = 'owner' | 'admin' | 'hr' | 'manager' | 'report' | 'colleague' | 'apiKey';
type Target = 'manager' | 'report' | 'grandReport' | 'colleague' | 'former';

/** The matrix of the README, cell by cell. */
const matrix: Record<Viewer, Record<Target, Level>> = {
  owner: { manager: 'full', report: 'full', grandReport: 'full', colleague: 'full', former: 'full' },
  admin: { manager: 'full', report: 'full', grandReport: 'full', colleague: 'full', former: 'full' },
  hr: { manager: 'full', report: 'full', grandReport: 'full', colleague: 'full', former: 'full' },
  manager: { manager: 'full', report: 'employment', grandReport: 'employment', colleague: 'directory', former: 'none' },
  report: { manager: 'directory', report: 'full', grandReport: 'directory', colleague: 'directory', former: 'none' },
  colleague: { manager: 'directory', report: 'directory', grandReport: 'directory', colleague: 'full', former: 'none' },
  apiKey: { manager: 'directory', report: 'directory', grandReport: 'directory', colleague: 'directory', former: 'none' },
};

export const visibilityContract: ContractCase = (target) => {
  describe('visibility by role', () => {
    let world: Awaited<ReturnType<typeof company>>;
    const setup = async () => (world ??= await company(new Api(target().baseUrl)));

    test('every cell of the matrix holds on the detail read', async () => {
      const api = new Api(target().baseUrl);
      const { viewers, targets } = await setup();
      const seen: Record<string, Record<string, Level>> = {};
      for (const [viewer, token] of Object.entries(viewers)) {
        seen[viewer] = {};
        for (const [name, id] of Object.entries(targets)) {
          const res = await api.get(`/v1/employees/${id}`, { token });
          expect([200, 404]).toContain(res.status);
          seen[viewer]![name] = res.status === 404 ? 'none' : levelOf(res.body);
        }
      }
      expect(seen).toEqual(matrix);
    });

    test('a colleague’s ETag changes when what they see changes, not with every hidden change', async () => {
      const api = new Api(target().baseUrl);
      const { c, viewers, targets } = await setup();
      const read = () => api.get(`/v1/employees/${targets.grandReport}`, { token: viewers.colleague });
      const before = (await read()).headers.get('etag');
      await api.patch(`/v1/employees/${targets.grandReport}`, { birthDate: '1991-01-01' }, { token: c.token, headers: { 'if-match': '*' } });
      expect((await read()).headers.get('etag')).toBe(before);
      await api.patch(`/v1/employees/${targets.grandReport}`, { jobTitle: 'Principal' }, { token: c.token, headers: { 'if-match': '*' } });
      expect((await read()).headers.get('etag')).not.toBe(before);
    });

    test('lists and their counts show each row at the same level, and never a hidden one', async () => {
      const api = new Api(target().baseUrl);
      const { viewers, targets } = await setup();
      for (const [viewer, token] of Object.entries(viewers) as [Viewer, string][]) {
        const res = await api.get('/v1/employees?limit=200', { token });
        const byId = new Map(res.body.items.map((e: { id: string }) => [e.id, e]));
        const visible = Object.values(matrix[viewer]).filter((l) => l !== 'none').length;
        expect(res.body.total).toBe(visible);
        for (const [name, id] of Object.entries(targets) as [Target, string][]) {
          expect([viewer, name, levelOf(byId.get(id) as Record<string, unknown> | undefined)]).toEqual([viewer, name, matrix[viewer][name]]);
        }
      }
    });

    test('filters and sorting cannot reveal a hidden field', async () => {
      const api = new Api(target().baseUrl);
      const { viewers } = await setup();
      // A colleague cannot learn who has left, or hire dates, by filtering or sorting on them.
      const terminated = await api.get('/v1/employees?status=terminated', { token: viewers.colleague });
      expect(terminated.body.items).toEqual([]);
      expect(terminated.body.total).toBe(0);
      const active = await api.get('/v1/employees?status=active', { token: viewers.colleague });
      expect(active.body.items.map((e: { id: string }) => e.id)).toHaveLength(1); // only their own record carries a status
      const hr = await api.get('/v1/employees?status=terminated', { token: viewers.hr });
      expect(hr.body.total).toBe(1);
    });

    test('history, balances and the as-of view need employment access', async () => {
      const api = new Api(target().baseUrl);
      const { viewers, targets } = await setup();
      for (const [viewer, token] of Object.entries(viewers) as [Viewer, string][]) {
        for (const [name, id] of Object.entries(targets) as [Target, string][]) {
          const allowed = matrix[viewer][name] === 'full' || matrix[viewer][name] === 'employment';
          const history = await api.get(`/v1/employees/${id}/lifecycle`, { token });
          const balances = await api.get(`/v1/employees/${id}/balances`, { token });
          expect([viewer, name, history.status, balances.status]).toEqual([viewer, name, allowed ? 200 : 404, allowed ? 200 : 404]);
        }
      }
    });

    test('the org chart shows current staff in the directory view only', async () => {
      const api = new Api(target().baseUrl);
      const { viewers, targets } = await setup();
      const chart = await api.get(`/v1/org-chart?root=${targets.manager}&depth=5`, { token: viewers.colleague });
      expect(chart.status).toBe(200);
      const top = chart.body.items[0];
      expect(top.id).toBe(targets.manager);
      expect(levelOf(top)).toBe('directory');
      expect(top.reports.map((r: { id: string }) => r.id)).toEqual([targets.report]);
      expect(top.reports[0].reports.map((r: { id: string }) => r.id)).toEqual([targets.grandReport]);
      const whole = await api.get('/v1/org-chart?depth=3', { token: viewers.colleague });
      const ids = JSON.stringify(whole.body);
      expect(ids).not.toContain(targets.former);
      expect(ids).not.toContain('birthDate');
    });

    test('events about an employee reach their manager without personal fields', async () => {
      const api = new Api(target().baseUrl);
      const { viewers, targets } = await setup();
      const events = await api.get('/v1/events?limit=200', { token: viewers.manager });
      expect(events.status).toBe(200);
      // The manager does hear of their report (employment view), and of nobody unrelated.
      const about = events.body.items.filter((e: { type: string }) => e.type.startsWith('employee.')).map((e: { subject: string }) => e.subject);
      expect(about).toContain(targets.report);
      expect(about).not.toContain(targets.colleague);
      expect(events.body.items.find((e: { subject: string }) => e.subject === targets.report).data.employee.hireDate).toBeDefined();
      expect(JSON.stringify(events.body)).not.toContain('birthDate');
    });
  });
};

