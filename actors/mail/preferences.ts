import { z } from 'zod';
import { forbidden } from '../core/errors';
import type { QueryCtx } from '../core/message';
import { admins, everyone } from '../core/principal';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { companySendsMail, preferencesOf } from './outbox';
import { mailChannels, mailLanguages, mailPreferences, mailSettings } from './mail.sql.ts';

const notificationType = z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'Must be a notification type such as checklist.task_assigned.');

const preferencesSchema = z.strictObject({
  language: z.enum(mailLanguages),
  channels: z.record(notificationType, z.enum(mailChannels)).describe('Per notification type: in_app (no mail), email (now), digest (in the next morning summary); email when absent'),
  emailAvailable: z.boolean().describe('Whether mail is sent at all: configured by the operator and not turned off by the company'),
}).meta({ id: 'EmailPreferences' });

function userOf(ctx: QueryCtx<TenantState, TenantServices>) {
  if (ctx.principal.kind !== 'user') throw forbidden('Email preferences belong to signed-in users.');
  return ctx.principal.userId;
}

export const getMailPreferences = tenantMessage.query({
  type: 'mail.preferences',
  access: everyone,
  input: z.strictObject({}),
  output: preferencesSchema,
  route: { method: 'GET', path: '/v1/me/email-preferences', summary: 'My mail language and, per notification type, in-app only, email or daily digest' },
  handler: async (_input, ctx) => ({ ...(await preferencesOf(ctx.db, userOf(ctx))), emailAvailable: await companySendsMail(ctx) }),
});

export const setMailPreferences = tenantMessage.command({
  type: 'mail.setPreferences',
  access: everyone,
  input: z.strictObject({ language: z.enum(mailLanguages), channels: z.record(notificationType, z.enum(mailChannels)).refine((r) => Object.keys(r).length <= 100, 'At most 100 types.').meta({ maxProperties: 100 }) }),
  output: preferencesSchema,
  route: { method: 'PUT', path: '/v1/me/email-preferences', summary: 'Set my mail language and channels per notification type' },
  handler: async ({ language, channels }, ctx) => {
    const userId = userOf(ctx);
    const row = { userId, language, channels, updatedAt: ctx.now.toISOString() };
    await ctx.db.insert(mailPreferences).values(row).onConflictDoUpdate({ target: mailPreferences.userId, set: row });
    return { language, channels, emailAvailable: await companySendsMail(ctx) };
  },
});

const settingsSchema = z.strictObject({
  enabled: z.boolean().describe("The company's switch for all mail"),
  available: z.boolean().describe('Whether this deployment can send mail (SMTP or a provider configured)'),
}).meta({ id: 'EmailSettings' });

export const getMailSettings = tenantMessage.query({
  type: 'mail.settings',
  access: admins,
  input: z.strictObject({}),
  output: settingsSchema,
  route: { method: 'GET', path: '/v1/settings/email', summary: "The company's email switch" },
  handler: async (_input, ctx) => {
    const [row] = await ctx.db.select().from(mailSettings);
    return { enabled: row?.emailEnabled ?? true, available: !!ctx.services.mail?.enabled };
  },
});

export const setMailSettings = tenantMessage.command({
  type: 'mail.setSettings',
  access: admins,
  input: z.strictObject({ enabled: z.boolean() }),
  output: settingsSchema,
  route: { method: 'PUT', path: '/v1/settings/email', summary: 'Turn email on or off for the whole company (in-app notifications stay)' },
  handler: async ({ enabled }, ctx) => {
    const row = { id: 1, emailEnabled: enabled, updatedAt: ctx.now.toISOString() };
    await ctx.db.insert(mailSettings).values(row).onConflictDoUpdate({ target: mailSettings.id, set: row });
    ctx.audit({ entity: 'mail_settings', id: 'email', after: { enabled } });
    return { enabled, available: !!ctx.services.mail?.enabled };
  },
});
