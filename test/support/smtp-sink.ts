import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on loopback, on a free port, that keeps what it receives (parsed). It
 * can refuse the next N messages with a temporary failure, to show that the outbox retries.
 */
export async function startSmtpSink() {
  const received: ParsedMail[] = [];
  let refuse = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse > 0) {
          refuse--;
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.server.address().port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(n: number) {
      refuse = n;
    },
    /** Waits until a mail to that address matching the test arrives, or fails after the timeout. */
    async waitFor(pred: (m: ParsedMail) => boolean, timeoutMs = 10_000): Promise<ParsedMail> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(pred);
        if (found) return found;
        if (Date.now() > end) throw new Error(`no such mail among ${received.length}: ${received.map((m) => `${m.to?.text} ${m.subject}`).join(' | ')}`);
        await Bun.sleep(50);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
