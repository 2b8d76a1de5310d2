import type { Config } from '../config';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import type { AllTenantEvents } from '../webhooks/dispatcher';
import { startMailDispatcher } from './dispatcher';
import { httpMailSender } from './http-provider';

/** The Durable Object's mail: an HTTP provider only (a Worker opens no SMTP socket here); nothing when none is configured. */
export function startObjectMail(config: Config, log: Logger, client: ActorClient, events: AllTenantEvents) {
  if (!config.ROSTER_MAIL_HTTP_URL) return undefined;
  return startMailDispatcher({ client, log, events, from: config.ROSTER_MAIL_FROM, sender: httpMailSender(config.ROSTER_MAIL_HTTP_URL, config.ROSTER_MAIL_HTTP_TOKEN) });
}
