import { z } from 'zod';

/**
 * Configuration, read once at start-up from the environment. A bad value stops the
 * process with a message naming the variable, rather than failing later mid-request.
 */
const durations = z.coerce.number().int().positive();

/** `[requests, seconds]`, as JSON. */
const pair = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const parsed = z.tuple([z.number().int().positive(), z.number().positive()]).safeParse((() => { try { return JSON.parse(s); } catch { return undefined; } })());
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'must be JSON [requests, seconds]' });
        return z.NEVER;
      }
      return parsed.data;
    });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ROSTER_DATA: z.string().default('./data'),
  /** `{tenant}` is replaced by the tenant id; a libSQL server URL works the same way. */
  ROSTER_DB_URL: z.string().default('file:{data}/tenants/{tenant}.db'),
  ROSTER_DB_AUTH_TOKEN: z.string().optional(),
  ROSTER_DIRECTORY_DB_URL: z.string().default('file:{data}/directory.db'),
  /**
   * `normal` (default): WAL with synchronous=NORMAL, a commit survives the process being
   * killed at any point; `full` also survives an OS crash or power cut, at 2-4x the cost.
   */
  ROSTER_DURABILITY: z.enum(['full', 'normal']).default('normal'),
  /** Local files: `bun` (bun:sqlite, fastest) or `libsql` (@libsql/client). Server URLs always use libSQL. */
  ROSTER_SQLITE_DRIVER: z.enum(['bun', 'libsql']).default('bun'),
  ROSTER_PUBLIC_URL: z.url().optional(),
  /** `kid:secret` pairs, comma-separated; the first signs, all verify (key rotation). */
  ROSTER_JWT_KEYS: z.string().optional(),
  ROSTER_ACCESS_TOKEN_TTL: durations.default(900),
  /** Days a refresh family (one login) lives, however often its token is rotated. */
  ROSTER_REFRESH_FAMILY_DAYS: z.coerce.number().positive().max(365).default(30),
  ROSTER_MAX_BODY_BYTES: durations.default(1024 * 1024),
  ROSTER_REQUEST_TIMEOUT_MS: durations.default(10_000),
  ROSTER_MAX_RESIDENT_ACTORS: durations.default(10_000),
  /** The memory resident actors may take, in MiB (0: no budget, the count cap alone). */
  ROSTER_ACTOR_MEMORY_MB: z.coerce.number().int().min(0).default(0),
  /** Local SQLite connections open at once; a resident actor's is closed between writes beyond this (storage/open-connections.ts). */
  ROSTER_OPEN_DATABASES: durations.default(256),
  ROSTER_ACTOR_IDLE_MS: durations.default(10 * 60_000),
  ROSTER_CORS_ORIGINS: z.string().default('*'),
  /** Bearer token a Prometheus scraper presents at /metrics; without it /metrics is off. */
  ROSTER_METRICS_TOKEN: z.string().min(16).optional(),
  /** Workers have no HTTP server: they serve /metrics alone on this port when it is set. */
  ROSTER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  ROSTER_LOG: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Allow webhook endpoints on loopback and private networks (tests, on-premises receivers). */
  ROSTER_WEBHOOKS_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Allow an identity provider (SSO issuer) on plain http, on a loopback address only: tests. */
  ROSTER_SSO_ALLOW_LOOPBACK_HTTP: z.stringbool().default(false),
  ROSTER_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  ROSTER_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).default(10_000),
  /** Mail: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…`); without it (and without a provider URL) no mail is sent. */
  ROSTER_SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL').optional(),
  /** Mail through an HTTP provider instead (Cloudflare): its send endpoint and bearer token. */
  ROSTER_MAIL_HTTP_URL: z.url().optional(),
  ROSTER_MAIL_HTTP_TOKEN: z.string().optional(),
  ROSTER_MAIL_FROM: z.string().default('Roster <no-reply@roster.invalid>'),
  ROSTER_MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  ROSTER_MAIL_RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  /** Distributed mode: NATS servers (comma-separated), credentials, this worker's id. */
  ROSTER_NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  ROSTER_NATS_TOKEN: z.string().optional(),
  ROSTER_NATS_USER: z.string().optional(),
  ROSTER_NATS_PASSWORD: z.string().optional(),
  ROSTER_WORKER_ID: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/).optional(),
  /** How long an actor's lease lasts without renewal: the takeover time when a worker dies. */
  ROSTER_LEASE_TTL_MS: z.coerce.number().int().min(500).default(5000),
  /** Replicas of the event stream and the lease bucket (3 on a 3-node NATS cluster). */
  ROSTER_NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Actor calls a gateway keeps in flight before it answers 503. */
  ROSTER_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(2000),
  /** After SIGTERM a gateway answers /readyz 503 but keeps serving this long, so a load balancer moves off it first. */
  ROSTER_DRAIN_GRACE_MS: z.coerce.number().int().min(0).default(0),
  /** How often the directory is asked which passivated actors have timers due. */
  ROSTER_WAKEUP_POLL_MS: z.coerce.number().int().min(10).default(15_000),
  /** Rate limits per plan, JSON: {"plan": {"principal": [requests, seconds], "tenant": [requests, seconds]}}. */
  ROSTER_RATE_LIMITS: z
    .string()
    .default('{"standard":{"principal":[1200,60],"tenant":[12000,60]}}')
    .transform((s, ctx) => {
      const plans = z
        .record(z.string(), z.strictObject({ principal: z.tuple([z.number().int().positive(), z.number().positive()]), tenant: z.tuple([z.number().int().positive(), z.number().positive()]) }))
        .safeParse((() => { try { return JSON.parse(s); } catch { return undefined; } })());
      if (!plans.success) {
        ctx.addIssue({ code: 'custom', message: 'must be JSON {"plan": {"principal": [n, s], "tenant": [n, s]}}' });
        return z.NEVER;
      }
      return plans.data;
    }),
  /**
   * Failed sign-ins: after this many failures from one address on one account, each
   * further failure doubles the wait (base, 2×base, 4×base … up to the max), answered 429
   * with Retry-After and the password not even checked. A success clears it.
   */
  ROSTER_LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).default(5),
  ROSTER_LOGIN_BACKOFF_BASE_SECONDS: z.coerce.number().positive().default(1),
  ROSTER_LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().positive().default(900),
  /** The same from one address across every account of a company (password spraying). */
  ROSTER_LOGIN_ADDRESS_FREE_FAILURES: z.coerce.number().int().min(1).default(20),
  /**
   * The same for one account from every address (a distributed guess), with a short cap:
   * anyone can fail a login for someone else, so this wait only slows, never locks out.
   */
  ROSTER_LOGIN_ACCOUNT_FREE_FAILURES: z.coerce.number().int().min(1).default(20),
  ROSTER_LOGIN_ACCOUNT_MAX_SECONDS: z.coerce.number().positive().default(60),
  /** Login attempts per client address across all companies, [requests, seconds] (GCRA: burst, then that rate). */
  ROSTER_LOGIN_ADDRESS_RATE: pair('[60,60]'),
  /** Company sign-ups (each creates a database): per client address and for the whole service, [requests, seconds]. */
  ROSTER_SIGNUPS_PER_ADDRESS: pair('[5,3600]'),
  ROSTER_SIGNUPS_GLOBAL: pair('[100,3600]'),
  /** Open push streams (SSE and WebSocket) at once per principal and per company; over it the oldest closes. */
  ROSTER_STREAMS_PER_PRINCIPAL: z.coerce.number().int().min(1).default(5),
  ROSTER_STREAMS_PER_TENANT: z.coerce.number().int().min(1).default(1000),
  /** Check each JSON reply against its message's declared schema (tests: keeps the API description true). */
  ROSTER_CHECK_REPLIES: z.stringbool().default(false),
  /** scrypt cost as log2(N); 15 = 32 MiB and about 0.1 s per hash here. Lower only for tests. */
  ROSTER_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
  /** Where document files live: `files` under ROSTER_DOCUMENTS_DIR (embedded), or `s3` (distributed: a shared bucket). Cloudflare uses its R2 binding. */
  ROSTER_DOCUMENTS_STORE: z.enum(['files', 's3']).default('files'),
  ROSTER_DOCUMENTS_DIR: z.string().default('{data}/documents'),
  /** The largest document accepted, in bytes (10 MB). */
  ROSTER_DOCUMENT_MAX_BYTES: durations.default(10 * 1024 * 1024),
  /** Expiry reminders: this many days before a document expires, comma-separated. */
  ROSTER_DOCUMENT_REMINDER_DAYS: z.string().regex(/^\d{1,3}(,\d{1,3})*$/, 'must be days, comma-separated, like 30,7').default('30,7'),
  ROSTER_S3_BUCKET: z.string().optional(),
  ROSTER_S3_ENDPOINT: z.url().optional(),
  ROSTER_S3_REGION: z.string().optional(),
  ROSTER_S3_ACCESS_KEY_ID: z.string().optional(),
  ROSTER_S3_SECRET_ACCESS_KEY: z.string().optional(),
}).refine((c) => c.ROSTER_DOCUMENTS_STORE !== 's3' || c.ROSTER_S3_BUCKET, { path: ['ROSTER_S3_BUCKET'], message: 'is required when ROSTER_DOCUMENTS_STORE=s3' });

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const fill = (template: string) => template.replaceAll('{data}', c.ROSTER_DATA);
  return {
    ...c,
    dbUrl: fill(c.ROSTER_DB_URL),
    directoryDbUrl: fill(c.ROSTER_DIRECTORY_DB_URL),
    publicUrl: c.ROSTER_PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    corsOrigins: c.ROSTER_CORS_ORIGINS.split(',').map((s) => s.trim()),
    documentsDir: fill(c.ROSTER_DOCUMENTS_DIR),
    documentReminderDays: c.ROSTER_DOCUMENT_REMINDER_DAYS.split(',').map(Number),
  };
}
