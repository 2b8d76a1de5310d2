CREATE TABLE `stream_tickets` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`principal_kind` text NOT NULL,
	`principal_id` text NOT NULL,
	`role` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stream_tickets_principal` ON `stream_tickets` (`principal_id`);