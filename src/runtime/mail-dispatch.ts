import type { LocalBus } from '../bus/local-bus';
import type { Config } from '../config';
import type { Logger } from '../log';
import { startMailDispatcher } from '../mail/dispatcher';
import { httpMailSender } from '../mail/http-provider';
import type { MailSender } from '../mail/sender';
import { smtpSender } from '../mail/smtp';
import type { ActorClient } from '../transport/actor-client';

/** The configured mail port: SMTP when its URL is set, else an HTTP provider, else none (mail off). */
export function mailSenderOf(config: Config): MailSender | undefined {
  if (config.ROSTER_SMTP_URL) return smtpSender(config.ROSTER_SMTP_URL);
  if (config.ROSTER_MAIL_HTTP_URL) return httpMailSender(config.ROSTER_MAIL_HTTP_URL, config.ROSTER_MAIL_HTTP_TOKEN);
  return undefined;
}

/** The mail dispatcher of a Bun process, fed by the events its own actors commit; nothing when mail is off. */
export function dispatchMail(bus: LocalBus, client: ActorClient, config: Config, log: Logger) {
  const sender = mailSenderOf(config);
  if (!sender) return { stop: async () => undefined };
  return startMailDispatcher({
    client,
    log,
    sender,
    from: config.ROSTER_MAIL_FROM,
    events: (listener) => bus.subscribe((address, events) => address.kind === 'tenant' && listener(address.id, events)),
  });
}
