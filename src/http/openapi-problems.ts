/**
 * The problem replies of the API document: one response component per status, each with
 * the stable `code`s that status carries and an example of its own (a 404 shows a 404),
 * and the headers that come with it (Retry-After on 429 and 503, the rate-limit standing).
 */
type Json = Record<string, unknown>;

interface Status {
  title: string;
  /** What the status means here, and the codes it carries. */
  description: string;
  example: { code: string; detail: string; errors?: { field: string; message: string }[] };
}

const requestId = '01JD8X3F6K2M9Q4R7T5V0W1Y2Z';

export const problemStatuses: Record<number, Status> = {
  400: {
    title: 'Bad Request',
    description:
      'Malformed JSON or invalid fields: `validation_failed` with `errors[]` naming each field; also `malformed_json`, `too_deep`, `invalid_cursor`, `invalid_request`, `invalid_reset_token`',
    example: { code: 'validation_failed', detail: 'The request has invalid fields.', errors: [{ field: 'workEmail', message: 'Must be an email address.' }] },
  },
  401: {
    title: 'Unauthorized',
    description:
      'Missing, expired, tampered or revoked credentials: `unauthenticated`, `invalid_token`, `invalid_api_key`, `session_revoked`, `invalid_ticket`, `invalid_credentials`, `invalid_refresh_token`, `refresh_token_reused`',
    example: { code: 'invalid_token', detail: 'The access token has expired.' },
  },
  403: {
    title: 'Forbidden',
    description: 'The role may not do this (`forbidden`), or a rule about people forbids it (`self_approval`, `not_current_approver`, `sso_required`, `origin_not_allowed`)',
    example: { code: 'forbidden', detail: 'Your role may not do this.' },
  },
  404: {
    title: 'Not Found',
    description: 'Not found, including anything of another company (`not_found`)',
    example: { code: 'not_found', detail: 'Employee emp_01jd8x3f6k2m9q4r7t5v0w1y2z was not found.' },
  },
  409: {
    title: 'Conflict',
    description:
      'Conflict with existing data: `email_taken`, `slug_taken`, `last_owner`, `overlapping_request`, `already_decided`, `request_not_pending`, `department_not_empty`, `external_id_taken`, `already_terminated`, …',
    example: { code: 'email_taken', detail: 'Another employee has this work email.', errors: [{ field: 'workEmail', message: 'Another employee has this work email.' }] },
  },
  410: {
    title: 'Gone',
    description: 'The link or token was valid once and is not any more: `link_expired`, `link_invalid`, `token_invalid`',
    example: { code: 'token_invalid', detail: 'This invitation is no longer valid.' },
  },
  412: {
    title: 'Precondition Failed',
    description: 'If-Match does not match the current ETag (`precondition_failed`): read again and retry',
    example: { code: 'precondition_failed', detail: 'The resource changed since you read it; read it again and retry.' },
  },
  413: {
    title: 'Content Too Large',
    description: 'The body is larger than the limit (`body_too_large`; an upload: `file_too_large`)',
    example: { code: 'body_too_large', detail: 'The body is larger than 1048576 bytes.' },
  },
  415: {
    title: 'Unsupported Media Type',
    description: 'The body is not of the type the operation takes (`unsupported_media_type`)',
    example: { code: 'unsupported_media_type', detail: 'The body must be application/json.' },
  },
  422: {
    title: 'Unprocessable Content',
    description:
      'A business rule was broken (`manager_cycle`, `insufficient_balance`, `before_hire`, `unknown_leave_type`, `sick_note_required`, `link_target_refused`, `webhook_url_refused`, …), or an Idempotency-Key was reused with another body (`idempotency_key_reused`)',
    example: { code: 'insufficient_balance', detail: 'The request needs 5 days; 3 are left.' },
  },
  426: {
    title: 'Upgrade Required',
    description: 'A WebSocket route asked without the upgrade (`upgrade_required`)',
    example: { code: 'upgrade_required', detail: 'This route is a WebSocket: send Connection: Upgrade and Upgrade: websocket.' },
  },
  428: {
    title: 'Precondition Required',
    description: 'This update needs If-Match with the ETag from a read (`precondition_required`)',
    example: { code: 'precondition_required', detail: 'This update needs an If-Match header with the ETag from a read.' },
  },
  429: {
    title: 'Too Many Requests',
    description: 'Too many requests (`rate_limited`; after failed sign-ins `login_throttled`): retry after Retry-After',
    example: { code: 'rate_limited', detail: 'Too many requests; retry in 12 seconds.' },
  },
  503: {
    title: 'Service Unavailable',
    description: 'Unavailable for a moment (`unavailable`, `shutting_down`, `actor_moved`, `documents_unavailable`, `sso_provider_unavailable`): retry after Retry-After',
    example: { code: 'unavailable', detail: 'The company is moving to another worker; retry shortly.' },
  },
  504: {
    title: 'Gateway Timeout',
    description: 'The request ran out of time before it was handled (`deadline_exceeded`), or its outcome is not known (`outcome_unknown`): retry with the same Idempotency-Key',
    example: { code: 'deadline_exceeded', detail: 'The request ran out of time before it was handled.' },
  },
};

export const problemSchema: Json = {
  type: 'object',
  description: 'An RFC 9457 problem: `code` names the broken rule and is stable; `detail` says it in words',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference', examples: ['/problems/validation_failed'] },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^[a-z][a-z_]*$', description: 'The stable name of the broken rule' },
    instance: { type: 'string' },
    requestId: { type: 'string', description: 'As in X-Request-Id' },
    errors: {
      type: 'array',
      description: 'The fields at fault, when there are any',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** The response component of a problem status, with its example and headers. */
export function problemResponse(status: number): Json {
  const s = problemStatuses[status];
  if (!s) throw new Error(`No problem description for ${status}`);
  const example = { type: `/problems/${s.example.code}`, title: s.title, status, ...s.example, requestId };
  // The rate-limit standing comes with a company's replies, refusals included (a 429 always).
  const headers: Json = { 'X-Request-Id': headerRef('RequestId'), RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimitPolicy') };
  if (status === 429 || status === 503) headers['Retry-After'] = headerRef('RetryAfter');
  if (status === 401) headers['WWW-Authenticate'] = { description: 'The scheme to authenticate with: `Bearer realm="roster"`', schema: { type: 'string' } };
  if (status === 426) headers.Upgrade = { description: '`websocket`', schema: { type: 'string', const: 'websocket' } };
  return {
    description: s.description,
    headers,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example } },
  };
}
