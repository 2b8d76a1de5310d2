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

/**
 * The stable codes each status can carry, anywhere in the API (openapi-problems.test.ts finds
 * every code thrown in actors/ and src/ and checks it is here). An operation's own
 * `problems` say which of them it sends; these lists keep the rest documented.
 */
export const problemCodes: Record<number, readonly string[]> = {
  400: ['invalid_cursor', 'invalid_request', 'invalid_reset_token', 'malformed_json', 'sso_state_invalid', 'sso_state_mismatch', 'too_deep', 'unknown_message', 'validation_failed'],
  401: ['invalid_api_key', 'invalid_credentials', 'invalid_refresh_token', 'invalid_ticket', 'invalid_token', 'refresh_token_reused', 'session_revoked', 'sso_provider_error', 'sso_session_ended', 'sso_token_rejected', 'unauthenticated'],
  403: ['already_decided_a_step', 'forbidden', 'not_current_approver', 'origin_not_allowed', 'self_approval', 'self_link', 'sso_required'],
  404: ['not_found', 'route_not_found', 'sso_not_configured', 'unknown_actor_kind'],
  409: ['already_clocked_in', 'already_decided', 'already_effective', 'already_terminated', 'client_event_id_reused', 'department_archived', 'department_name_taken', 'department_not_empty', 'email_taken', 'employee_linked', 'employee_terminated', 'employment_not_ended', 'external_id_taken', 'holiday_exists', 'idempotency_secret_shown_once', 'job_title_exists', 'key_taken', 'last_owner', 'leave_type_in_use', 'not_clocked_in', 'not_terminated', 'overlapping_request', 'prefix_taken', 'punch_before_last', 'punch_superseded', 'request_closed', 'request_not_pending', 'request_started', 'shift_too_long', 'slug_taken', 'task_closed', 'tenant_exists', 'values_do_not_fit'],
  410: ['link_expired', 'link_invalid', 'token_invalid'],
  412: ['precondition_failed'],
  413: ['body_too_large', 'file_too_large'],
  415: ['unsupported_media_type'],
  422: ['after_termination', 'ambiguous_department', 'before_hire', 'before_termination', 'blob_key_refused', 'clock_skew', 'conflicting_fields', 'department_archived', 'department_cycle', 'employee_terminated', 'half_days_not_allowed', 'hours_not_allowed', 'idempotency_key_reused', 'import_invalid', 'incoherent_definition', 'insufficient_balance', 'invalid_range', 'kiosk_punch_too_old', 'kiosk_role', 'kiosk_source_not_allowed', 'link_target_refused', 'manager_cycle', 'no_employee_record', 'no_working_days', 'not_yet_hired', 'overlaps_earlier_employment', 'override_reason_required', 'period_required', 'punch_in_future', 'punch_not_on_work_date', 'punch_outside_work_date', 'range_too_long', 'self_delegation', 'sick_note_required', 'sso_discovery_failed', 'sso_issuer_refused', 'unchanged', 'unknown_department', 'unknown_employee', 'unknown_leave_type', 'unknown_location', 'unknown_manager', 'unknown_schedule', 'unknown_user', 'webhook_url_refused'],
  426: ['upgrade_required'],
  428: ['precondition_required'],
  429: ['login_throttled', 'rate_limited'],
  503: ['actor_moved', 'documents_unavailable', 'shutting_down', 'sso_provider_unavailable', 'unavailable'],
  504: ['deadline_exceeded', 'outcome_unknown'],
};


export const problemStatuses: Record<number, Status> = {
  400: {
    title: 'Bad Request',
    description: 'Malformed JSON or invalid fields: `errors[]` names each field',
    example: { code: 'validation_failed', detail: 'The request has invalid fields.', errors: [{ field: 'workEmail', message: 'Must be an email address.' }] },
  },
  401: {
    title: 'Unauthorized',
    description: 'Missing, expired, tampered or revoked credentials',
    example: { code: 'invalid_token', detail: 'The access token has expired.' },
  },
  403: {
    title: 'Forbidden',
    description: 'The role may not do this, or a rule about people forbids it (approving oneself, a step not one’s own)',
    example: { code: 'forbidden', detail: 'Your role may not do this.' },
  },
  404: {
    title: 'Not Found',
    description: 'Not found, including anything of another company',
    example: { code: 'not_found', detail: 'Employee emp_01jd8x3f6k2m9q4r7t5v0w1y2z was not found.' },
  },
  409: {
    title: 'Conflict',
    description: 'Conflict with existing data or with the state of the record',
    example: { code: 'email_taken', detail: 'Another employee has this work email.', errors: [{ field: 'workEmail', message: 'Another employee has this work email.' }] },
  },
  410: {
    title: 'Gone',
    description: 'The link or token was valid once and is not any more',
    example: { code: 'token_invalid', detail: 'This invitation is no longer valid.' },
  },
  412: {
    title: 'Precondition Failed',
    description: 'If-Match does not match the current ETag: read again and retry',
    example: { code: 'precondition_failed', detail: 'The resource changed since you read it; read it again and retry.' },
  },
  413: {
    title: 'Content Too Large',
    description: 'The body is larger than the limit',
    example: { code: 'body_too_large', detail: 'The body is larger than 1048576 bytes.' },
  },
  415: {
    title: 'Unsupported Media Type',
    description: 'The body is not of the type the operation takes',
    example: { code: 'unsupported_media_type', detail: 'The body must be application/json.' },
  },
  422: {
    title: 'Unprocessable Content',
    description: 'A business rule was broken, or an Idempotency-Key was reused with another body',
    example: { code: 'insufficient_balance', detail: 'The request needs 5 days; 3 are left.' },
  },
  426: {
    title: 'Upgrade Required',
    description: 'A WebSocket route asked without the upgrade',
    example: { code: 'upgrade_required', detail: 'This route is a WebSocket: send Connection: Upgrade and Upgrade: websocket.' },
  },
  428: {
    title: 'Precondition Required',
    description: 'This update needs If-Match with the ETag from a read',
    example: { code: 'precondition_required', detail: 'This update needs an If-Match header with the ETag from a read.' },
  },
  429: {
    title: 'Too Many Requests',
    description: 'Too many requests: retry after Retry-After',
    example: { code: 'rate_limited', detail: 'Too many requests; retry in 12 seconds.' },
  },
  503: {
    title: 'Service Unavailable',
    description: 'Unavailable for a moment: retry after Retry-After',
    example: { code: 'unavailable', detail: 'The company is moving to another worker; retry shortly.' },
  },
  504: {
    title: 'Gateway Timeout',
    description: 'The request ran out of time before it was handled, or its outcome is not known: retry with the same Idempotency-Key',
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
  const description = `${s.description}. Codes: ${codesIn(status)}`;
  const example = { type: `/problems/${s.example.code}`, title: s.title, status, ...s.example, requestId };
  // The rate-limit standing comes with a company's replies, refusals included (a 429 always).
  const headers: Json = { 'X-Request-Id': headerRef('RequestId'), RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimitPolicy') };
  if (status === 429 || status === 503) headers['Retry-After'] = headerRef('RetryAfter');
  if (status === 401) headers['WWW-Authenticate'] = { description: 'The scheme to authenticate with: `Bearer realm="roster"`', schema: { type: 'string' } };
  if (status === 426) headers.Upgrade = { description: '`websocket`', schema: { type: 'string', const: 'websocket' } };
  return {
    description,
    headers,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example } },
  };
}

/** The codes of a status, as a document lists them (each in backticks). */
export const codesIn = (status: number) => (problemCodes[status] ?? []).map((c) => `\`${c}\``).join(', ');
