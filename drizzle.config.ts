import { defineConfig } from 'drizzle-kit';

/** The tenant database: the actor core's tables plus every bounded context's. */
export default defineConfig({
  dialect: 'sqlite',
  schema: [
    'actors/core/core.sql.ts',
    'actors/identity/identity.sql.ts',
    'actors/people/people.sql.ts',
    'actors/people/self-service.sql.ts',
    'actors/organisation/organisation.sql.ts',
    'actors/notifications/notifications.sql.ts',
    'actors/webhooks/webhooks.sql.ts',
    'actors/timeoff/timeoff.sql.ts',
    'actors/attendance/attendance.sql.ts',
    'actors/custom-fields/custom-fields.sql.ts',
    'actors/compensation/compensation.sql.ts',
    'actors/push/push.sql.ts',
    'actors/sso/sso.sql.ts',
    'actors/checklists/checklists.sql.ts',
    'actors/mail/mail.sql.ts',
    'actors/identity/password-reset.sql.ts',
    'actors/documents/documents.sql.ts',
    'actors/privacy/privacy.sql.ts',
  ],
  out: 'migrations/tenant',
});
