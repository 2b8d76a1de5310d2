/** The mail port: one message out. Throws when the provider did not take it (the outbox retries). */
export interface OutgoingMail {
  /** The outbox row id; sent as the Message-ID so a receiver can drop a duplicate of a retried send. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close?(): Promise<void>;
}

export const messageIdOf = (id: string, from: string) => `<${id}@${from.match(/@([^>\s]+)/)?.[1] ?? 'roster.invalid'}>`;
