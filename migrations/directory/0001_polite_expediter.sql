-- audit_log without AUTOINCREMENT: its rows are never deleted (an erasure scrubs them), so the
-- largest rowid + 1 gives the same ids, and a commit no longer writes a page of sqlite_sequence.
-- (No foreign keys in this schema: drizzle-kit's PRAGMA foreign_keys lines are left out.)
CREATE TABLE `__new_audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`request_id` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`changes` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_audit_log`("id", "at", "request_id", "actor_kind", "actor_id", "action", "subject", "changes") SELECT "id", "at", "request_id", "actor_kind", "actor_id", "action", "subject", "changes" FROM `audit_log`;--> statement-breakpoint
DROP TABLE `audit_log`;--> statement-breakpoint
ALTER TABLE `__new_audit_log` RENAME TO `audit_log`;--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_id`,`id`);