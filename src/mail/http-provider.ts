import { messageIdOf, type MailSender } from './sender';

/**
 * An HTTP mail provider (for Cloudflare, where there is no SMTP socket): one JSON POST per
 * mail with a bearer token, in the shape most providers accept ({from, to, subject, text,
 * html, headers}). Any 2xx is accepted; anything else throws, and the outbox retries.
 */
export function httpMailSender(url: string, token: string | undefined, timeoutMs = 15_000): MailSender {
  return {
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), 'idempotency-key': m.id },
        body: JSON.stringify({ from: m.from, to: [m.to], subject: m.subject, text: m.text, html: m.html, headers: { 'Message-ID': messageIdOf(m.id, m.from) } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`mail provider answered HTTP ${res.status}`);
    },
  };
}
