import { z } from 'zod';
import type { ExtraRoute } from '../openapi';

/**
 * The push routes in the API description (routes/stream.ts, routes/websocket.ts, and the
 * Durable Object's copy of them on Cloudflare): one event subscription, over Server-Sent
 * Events or a WebSocket, resumable by sequence number.
 */
const resume = z.object({
  since: z.string().regex(/^\d{1,15}$/).optional().describe('Resume after this sequence number (anything else is refused, 400)'),
  ticket: z.string().max(200).optional().describe('A stream ticket, for clients that cannot send Authorization (browsers)'),
});
const credentials = [{ bearer: [] }, { streamTicket: [] }];
const errors = [400, 401, 403, 429, 503, 504];
const problems = {
  400: 'A resume point (`since`, `Last-Event-ID`) that is not a sequence number (`validation_failed`, naming it)',
  401: 'No credentials, or a ticket that is unknown or expired (`invalid_ticket`), or a revoked session or key',
  429: 'Too many requests (`rate_limited`); over the cap of open streams the oldest closes instead',
};
const event = { $ref: '#/components/schemas/Event' };

export const pushRoutes: ExtraRoute[] = [
  {
    method: 'get',
    path: '/v1/stream',
    operationId: 'stream.open',
    summary: 'The events the caller may hear, live, as Server-Sent Events',
    description: [
      'Each event is one SSE message: `id:` its sequence number, `event:` its type, `data:` the `Event` as JSON.',
      'A reconnect with `Last-Event-ID` (EventSource sends it by itself) or `?since=` gets exactly the events missed, in order.',
      'Comments (`: ping`) every 15 s keep proxies from closing it. A client that falls behind gets `event: overflow` with `{"resumeFrom": n}` and is closed;',
      'when the server ends the stream (a revoked session or key, too many streams) the last message is `event: closed` with `{"code", "detail"}` and a `retry:` of a day.',
      'Browsers pass a ticket (`?ticket=`) instead of Authorization; it may be presented again on every reconnect until it expires.',
    ].join(' '),
    query: resume,
    headers: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d{1,15}$' }, description: 'The sequence number of the last event received; wins over `since`' }],
    status: 200,
    public: false,
    tag: 'stream',
    security: credentials,
    errors,
    problems,
    responses: {
      '200': {
        description: 'An endless stream of SSE messages; the `data` of each is one of these',
        headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
        content: {
          'text/event-stream': {
            schema: {
              oneOf: [
                event,
                { type: 'object', title: 'overflow', required: ['resumeFrom'], properties: { resumeFrom: { type: 'integer', description: 'Reconnect with `since` set to it' } } },
                { type: 'object', title: 'closed', required: ['code'], properties: { code: { type: 'string', examples: ['session_revoked'] }, detail: { type: 'string' } } },
              ],
            },
          },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/v1/ws',
    operationId: 'stream.openSocket',
    summary: 'The same events over a WebSocket',
    description: [
      'Upgrade with `Connection: Upgrade`, `Upgrade: websocket`. Each text message is one `Event` as JSON, or `{"type":"ping"}` (a heartbeat).',
      'A client that falls behind gets `{"type":"overflow","resumeFrom":n}` and close code 1013; a principal that may no longer listen gets `{"type":"closed","code","detail"}`',
      'and close code 4401 (no longer signed in) or 4403 (no longer allowed); over the cap of streams, 4429. Reconnect with `?since=` the last sequence number.',
      "A page's `Origin` must be one the company allows (no `Origin`, as from servers and apps, passes).",
    ].join(' '),
    query: resume,
    status: 101,
    public: false,
    tag: 'stream',
    security: credentials,
    errors: [...errors, 426],
    problems: { ...problems, 403: "This company does not allow pages from the request's `Origin` (`origin_not_allowed`), or the role may not listen" },
    responses: { '101': { description: 'Switching Protocols: the socket is open; each message is one `Event` as JSON', headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } } } },
  },
];
