import nodemailer from 'nodemailer';
import { messageIdOf, type MailSender } from './sender';

/** SMTP through nodemailer (Bun modes): `smtp://user:pass@host:587` or `smtps://…:465`. */
export function smtpSender(url: string, timeoutMs = 15_000): MailSender {
  const transport = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  return {
    async send(m) {
      await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: messageIdOf(m.id, m.from) });
    },
    async close() {
      transport.close();
    },
  };
}
