import { z } from 'zod';
import { AppError, forbidden, notFound } from '../core/errors';
import { admins } from '../core/principal';
import { instant } from '../core/reply';
import { tenantMessage } from '../tenant/context';
import { mappableRoles } from './rules';
import { ssoConfig, type SsoConfigRow } from './sso.sql.ts';

/** The one row's key: a company has one identity provider. */
const configId = 'sso';

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Must be a domain like acme.com.')
  .meta({ examples: ['acme.com'] });

const mappedRole = z.enum(mappableRoles, {
  error: `Must be one of ${mappableRoles.join(', ')} (owners are made in Roster, not by a provider's group).`,
});

/** What an owner sends: PUT replaces the whole configuration; the secret may be left out to keep the stored one. */
export const ssoConfigBody = z.strictObject({
  issuer: z.string().max(500).describe('https only; discovery must load from it').meta({ examples: ['https://login.acme.com/realms/acme'] }),
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().min(1).max(500).optional().describe('Write-only; left out, the stored one is kept'),
  allowedDomains: z.array(domain).min(1).max(50).describe('Email domains allowed to sign in through the provider'),
  roleClaim: z.string().min(1).max(100).nullable().default(null).describe('The ID token claim with the groups, e.g. `groups`'),
  roleMap: z.record(z.string().min(1).max(200), mappedRole).default({}).describe('Group → Roster role').meta({ examples: [{ 'acme-hr': 'hr', 'acme-it': 'admin' }] }),
  requireSso: z.boolean().default(false).describe('Refuse password login for everyone but owners'),
  jitUsers: z.boolean().default(false).describe('Create unknown users from allowed domains on their first sign-in, with the lowest role'),
});

export const ssoConfigSchema = z.strictObject({
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.boolean().describe('The secret itself is never returned'),
  allowedDomains: z.array(z.string()),
  roleClaim: z.string().nullable(),
  roleMap: z.record(z.string(), z.enum(mappableRoles)),
  requireSso: z.boolean(),
  jitUsers: z.boolean(),
  updatedAt: instant,
}).meta({ id: 'SsoConfig' });

export const ssoConfigView = (c: SsoConfigRow) => ({
  issuer: c.issuer,
  clientId: c.clientId,
  clientSecretSet: c.clientSecret.length > 0,
  allowedDomains: c.allowedDomains,
  roleClaim: c.roleClaim,
  roleMap: c.roleMap as Record<string, (typeof mappableRoles)[number]>,
  requireSso: c.requireSso,
  jitUsers: c.jitUsers,
  updatedAt: c.updatedAt,
});

const ownersOnly = ['owner'] as const;

export const getSsoConfig = tenantMessage.query({
  type: 'sso.getConfig',
  access: admins,
  input: z.strictObject({}),
  output: ssoConfigSchema,
  route: { method: 'GET', path: '/v1/settings/sso', summary: "The company's identity provider (never its client secret)" },
  handler: async (_input, { db }) => {
    const [row] = await db.select().from(ssoConfig);
    if (!row) throw notFound('The single sign-on configuration');
    return ssoConfigView(row);
  },
});

/** Asked before the edge loads the provider's discovery document, so that only an owner makes Roster fetch a URL. */
export const authorizeSsoConfig = tenantMessage.query({
  type: 'sso.authorizeConfigure',
  access: ownersOnly,
  input: z.strictObject({}),
  handler: async (_input, { db }) => {
    const [row] = await db.select().from(ssoConfig);
    return { hasSecret: !!row };
  },
});

/** The edge has loaded the discovery document for this issuer; the actor stores what the owner sent. */
export const configureSso = tenantMessage.command({
  type: 'sso.configure',
  access: ownersOnly,
  input: ssoConfigBody,
  output: ssoConfigSchema,
  handler: async (input, ctx) => {
    if (ctx.principal.kind !== 'user' && ctx.principal.kind !== 'apiKey') throw forbidden();
    const [before] = await ctx.db.select().from(ssoConfig);
    const clientSecret = input.clientSecret ?? before?.clientSecret;
    if (!clientSecret) {
      throw new AppError(400, 'validation_failed', 'The request is not valid.', [{ field: 'clientSecret', message: 'Required the first time.' }]);
    }
    const row: SsoConfigRow = {
      id: configId,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret,
      allowedDomains: [...new Set(input.allowedDomains)],
      roleClaim: input.roleClaim,
      roleMap: input.roleMap,
      requireSso: input.requireSso,
      jitUsers: input.jitUsers,
      updatedAt: ctx.now.toISOString(),
    };
    await ctx.db.insert(ssoConfig).values(row).onConflictDoUpdate({ target: ssoConfig.id, set: row });
    ctx.audit({ entity: 'sso_config', id: configId, before: before && ssoConfigView(before), after: ssoConfigView(row) });
    return ssoConfigView(row);
  },
});

/** For the edge only: what it needs to talk to the provider, secret included. Never on a route. */
export const ssoLoginConfig = tenantMessage.query({
  type: 'sso.loginConfig',
  access: 'system',
  input: z.strictObject({}),
  handler: async (_input, { db }) => {
    const [row] = await db.select().from(ssoConfig);
    if (!row) throw new AppError(404, 'sso_not_configured', 'This company has not configured single sign-on.');
    return { issuer: row.issuer, clientId: row.clientId, clientSecret: row.clientSecret, roleClaim: row.roleClaim };
  },
});
