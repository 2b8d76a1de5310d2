import type { Context } from 'hono';
import type { AppError } from '../../actors/core/errors';
import { systemPrincipal } from '../../actors/core/principal';
import { idOf } from '../../actors/core/text';
import { directoryAddress } from '../../actors/directory/state';
import { callActor, type CallOptions } from './call';
import type { AppEnv } from './env';

const tenantId = idOf('ten');

/**
 * The gate in front of a tenant named by something the client holds (a refresh token, an
 * invite token, a stream ticket) rather than by its verified principal: the id must be well
 * formed and known to the directory, or the request is refused with `refusal` before any
 * tenant actor is woken (no database is opened for a made-up id). Every such flow passes here.
 */
export async function knownTenant(c: Context<AppEnv>, options: CallOptions, id: string | undefined, refusal: () => AppError): Promise<string> {
  if (!id || !tenantId.safeParse(id).success) throw refusal();
  await callActor(c, options, directoryAddress, 'directory.getTenant', { id }, systemPrincipal).catch(() => {
    throw refusal();
  });
  return id;
}
