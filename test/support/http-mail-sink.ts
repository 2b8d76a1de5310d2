import type { ParsedMail } from 'mailparser';

/**
 * An HTTP mail provider on loopback, for the Cloudflare adapter: it takes the JSON POSTs the
 * adapter sends and keeps them in the shape the SMTP sink gives, so the same cases read both.
 */
export function startHttpMailSink(token = 'mail-provider-test-token') {
  const received: ParsedMail[] = [];
  let refuse = 0;
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      if (req.headers.get('authorization') !== `Bearer ${token}`) return new Response('no', { status: 401 });
      if (refuse > 0) {
        refuse--;
        return new Response('busy', { status: 503 });
      }
      const m = (await req.json()) as { from: string; to: string[]; subject: string; text: string; html: string; headers: Record<string, string> };
      received.push({ from: { text: m.from }, to: { text: m.to.join(', ') }, subject: m.subject, text: m.text, html: m.html, messageId: m.headers['Message-ID'] });
      return Response.json({ id: crypto.randomUUID() });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/send`,
    token,
    received,
    refuseNext(n: number) {
      refuse = n;
    },
    close: async () => void (await server.stop(true)),
  };
}
