import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { admins, everyone } from '../core/principal';
import { assertIfMatchContent, contentEtag } from '../core/versioned';
import { timeZone } from '../organisation/locations';
import { tenantMessage, type TenantProfile } from '../tenant/context';
import { tenantProfile } from './identity.sql.ts';

const origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'Must be an origin like https://hr.example.com')
  .meta({ examples: ['https://hr.example.com'] });

const settingsSchema = z.strictObject({
  name: z.string(),
  plan: z.string().describe('Sets the rate limits').meta({ examples: ['standard'] }),
  corsOrigins: z.array(z.string()).nullable().describe("Browser origins allowed to call the API; null: the operator's default"),
  timeZone: z.string().meta({ examples: ['Europe/Berlin'] }),
  approvalReminderDays: z.number().int().min(1).nullable().describe('Days a pending request waits before its approvers are reminded; null: never'),
}).meta({ id: 'CompanySettings' });

const settingsView = (p: TenantProfile) => ({ name: p.name, plan: p.plan, corsOrigins: p.corsOrigins, timeZone: p.timeZone, approvalReminderDays: p.approvalReminderDays });

export const getTenantSettings = tenantMessage.query({
  type: 'settings.get',
  access: everyone,
  input: z.strictObject({}),
  output: settingsSchema,
  route: { method: 'GET', path: '/v1/settings', summary: "The company's settings", etag: contentEtag },
  handler: (_input, { state }) => settingsView(state.profile!),
});

/** Owners and admins set the company's time zone and the browser origins allowed to call the API. */
export const updateTenantSettings = tenantMessage.command({
  type: 'settings.update',
  access: admins,
  input: z.strictObject({
    corsOrigins: z.array(origin).max(50).nullable().optional(),
    timeZone: timeZone.optional(),
    approvalReminderDays: z.number().int().min(1).max(60).nullable().optional(),
  }),
  output: settingsSchema,
  route: { method: 'PATCH', path: '/v1/settings', summary: "Change the company's settings (time zone, approval reminders, allowed browser origins); If-Match optional", etag: contentEtag, ifMatch: 'optional' },
  handler: async (input, ctx) => {
    const before = ctx.state.profile!;
    assertIfMatchContent(ctx.meta.ifMatch, settingsView(before));
    const patch: Partial<TenantProfile> = {};
    if (input.corsOrigins !== undefined) patch.corsOrigins = input.corsOrigins ? [...new Set(input.corsOrigins.map((o) => o.toLowerCase()))] : null;
    if (input.timeZone !== undefined) patch.timeZone = input.timeZone;
    if (input.approvalReminderDays !== undefined) patch.approvalReminderDays = input.approvalReminderDays;
    const after = { ...before, ...patch };
    if (Object.keys(patch).length > 0) await ctx.db.update(tenantProfile).set(patch).where(eq(tenantProfile.id, before.id));
    ctx.state.profile = after;
    ctx.onUndo(() => (ctx.state.profile = before));
    ctx.audit({ entity: 'tenant', id: before.id, before: settingsView(before), after: settingsView(after) });
    return settingsView(after);
  },
});
