import { startWorkerd } from './support/cloudflare-target';
import { emailSuite } from './support/email-suite';
import { startHttpMailSink } from './support/http-mail-sink';

// The email cases on workerd: the Durable Object sends through the HTTP provider adapter to a provider on loopback.
emailSuite('cloudflare', async () => {
  const sink = startHttpMailSink();
  const roster = await startWorkerd({ ROSTER_MAIL_HTTP_URL: sink.url, ROSTER_MAIL_HTTP_TOKEN: sink.token, ROSTER_MAIL_FROM: 'Roster <no-reply@roster.test>', ROSTER_MAIL_RETRY_BASE_MS: '200' });
  return { sink, roster };
});
