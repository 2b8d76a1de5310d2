-- Idempotency never keeps a secret (issue 12): replies of authentication calls are never replayed, so they go;
-- replies that showed a secret once keep their record without it (a retry is answered 409).
DELETE FROM `idempotency` WHERE `key` LIKE '%:auth.login:%' OR `key` LIKE '%:auth.refresh:%' OR `key` LIKE '%:auth.logout:%' OR `key` LIKE '%:users.acceptInvite:%' OR `key` LIKE '%:stream.issueTicket:%';
--> statement-breakpoint
UPDATE `idempotency` SET `reply` = json_remove(`reply`, '$.key') WHERE `key` LIKE '%:apiKeys.create:%';
--> statement-breakpoint
UPDATE `idempotency` SET `reply` = json_remove(`reply`, '$.inviteToken', '$.inviteUrl') WHERE `key` LIKE '%:users.invite:%';
--> statement-breakpoint
UPDATE `idempotency` SET `reply` = json_remove(`reply`, '$.secret') WHERE `key` LIKE '%:webhooks.createEndpoint:%';
