CREATE TABLE `sso_config` (
	`id` text PRIMARY KEY NOT NULL,
	`issuer` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret` text NOT NULL,
	`allowed_domains` text NOT NULL,
	`role_claim` text,
	`role_map` text NOT NULL,
	`require_sso` integer DEFAULT false NOT NULL,
	`jit_users` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sso_links` (
	`subject` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`linked_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sso_links_user` ON `sso_links` (`user_id`);--> statement-breakpoint
CREATE TABLE `sso_logins` (
	`state_hash` text PRIMARY KEY NOT NULL,
	`nonce` text NOT NULL,
	`code_verifier` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sso_logins_expiry` ON `sso_logins` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sso_sessions` (
	`family_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`provider_refresh_token` text,
	`updated_at` text NOT NULL
);
