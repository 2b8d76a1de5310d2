import type { Hono } from 'hono';
import { z } from 'zod';
import { fieldErrors } from '../../../actors/core/errors';
import { invalid, notFound, unauthenticated } from '../../../actors/core/errors';
import { principalId } from '../../../actors/core/principal';
import { directoryAddress } from '../../../actors/directory/directory';
import { code } from '../../../actors/directory/short-links';
import { callActor, type CallOptions } from '../call';
import { checkReply } from '../check-reply';
import type { AppEnv } from '../env';
import { readJsonObject } from '../json-body';
import type { ExtraRoute } from '../openapi';
import { systemPrincipal as system } from '../../../actors/core/principal';

export const linkBody = z.strictObject({
  target: z
    .string()
    .max(2000)
    .describe('A path of this site (resolved against the public URL, same origin), with no spaces, control characters or backslashes')
    .meta({ pattern: '^/(?!/)[^\\u0000-\\u0020\\u007f-\\u009f\\\\]*$', examples: ['/invite#token=abc'] }),
  expiresInSeconds: z.number().int().min(1).max(90 * 24 * 3600).default(7 * 24 * 3600),
});

export const linkReply = z.strictObject({
  code: z.string(),
  url: z.string().describe('The short link to hand out'),
  target: z.string(),
  expiresAt: z.string().describe('An ISO 8601 instant'),
});


export const followLinkRoute: ExtraRoute = {
  method: 'get',
  path: '/s/{code}',
  operationId: 'links.follow',
  summary: 'Follow a short link: a redirect to its target',
  description: 'Counts the visit. Unknown: 404; expired: 410.',
  status: 302,
  public: true,
  tag: 'links',
  outsideApi: true,
  // Any string: a malformed code is answered like an unknown one (404), not as invalid input.
  pathParams: { code: z.string().describe('The code of the link: 12 letters and digits') },
  responses: {
    '302': {
      description: "To the link's target, a path of this site",
      headers: { Location: { $ref: '#/components/headers/Location' }, 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
    },
  },
  errors: [404, 410, 503, 504],
  problems: { 404: 'No such link (`not_found`)', 410: 'The link has expired (`link_expired`), or no longer leads anywhere (`link_invalid`)' },
};

/**
 * Short links: `POST /v1/links` (signed in) makes one for a path of this site, with an
 * expiry; `GET /s/:code` redirects to it and counts the visit (404 unknown, 410 expired).
 */
export function mountLinkRoutes(app: Hono<AppEnv>, o: CallOptions & { publicUrl: string; checkReplies?: boolean }) {
  app.post('/v1/links', async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
    const parsed = linkBody.safeParse(await readJsonObject(c));
    if (!parsed.success) throw invalid('The request is not valid.', fieldErrors(parsed.error));
    // Through the tenant first: its actor refuses a deactivated user or a revoked key, and
    // counts the request against the principal's rate limit, as for every other write.
    await callActor(c, o, { kind: 'tenant', id: principal.tenantId }, 'me.get', {});
    const link = (await callActor(c, o, directoryAddress, 'links.create', {
      ...parsed.data,
      tenantId: principal.tenantId,
      createdBy: principalId(principal),
    }, system)) as { code: string; target: string; expiresAt: string };
    const reply = { code: link.code, url: `${o.publicUrl}/s/${link.code}`, target: link.target, expiresAt: link.expiresAt };
    if (o.checkReplies) checkReply(c, 'POST /v1/links', linkReply, reply);
    return c.json(reply, 201);
  });

  app.get('/s/:code', async (c) => {
    const parsed = code.safeParse(c.req.param('code'));
    // Malformed or unknown, the same problem+json 404 (through problem(), with its request id).
    if (!parsed.success) throw notFound('The link');
    const { target } = (await callActor(c, o, directoryAddress, 'links.visit', { code: parsed.data }, system)) as { target: string };
    c.header('cache-control', 'no-store');
    return c.redirect(target, 302);
  });
}
