import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { admins, everyone } from '../core/principal';
import { tenantMessage } from '../tenant/context';
import { tenantProfile } from './identity.sql.ts';

const origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'Must be an origin like https://hr.example.com');

export const getTenantSettings = tenantMessage.query({
  type: 'settings.get',
  access: everyone,
  input: z.strictObject({}),
  route: { method: 'GET', path: '/v1/settings', summary: "The company's settings" },
  handler: (_input, { state }) => ({
    name: state.profile!.name,
    plan: state.profile!.plan,
    corsOrigins: state.profile!.corsOrigins,
  }),
});

/** Owners and admins set the browser origins allowed to call the API for their company. */
export const updateTenantSettings = tenantMessage.command({
  type: 'settings.update',
  access: admins,
  input: z.strictObject({ corsOrigins: z.array(origin).max(50).nullable() }),
  route: { method: 'PATCH', path: '/v1/settings', summary: "Change the company's settings (allowed browser origins)" },
  handler: async ({ corsOrigins }, ctx) => {
    const before = ctx.state.profile!;
    const origins = corsOrigins ? [...new Set(corsOrigins.map((o) => o.toLowerCase()))] : null;
    await ctx.db.update(tenantProfile).set({ corsOrigins: origins }).where(eq(tenantProfile.id, before.id));
    ctx.state.profile = { ...before, corsOrigins: origins };
    ctx.onUndo(() => (ctx.state.profile = before));
    ctx.audit({ entity: 'tenant', id: before.id, before: { corsOrigins: before.corsOrigins }, after: { corsOrigins: origins } });
    return { name: before.name, plan: before.plan, corsOrigins: origins };
  },
});
