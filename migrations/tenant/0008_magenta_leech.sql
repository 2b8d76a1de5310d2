CREATE TABLE `checklist_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`checklist_id` text NOT NULL,
	`employee_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`assignee_employee_id` text,
	`assignee_user_id` text,
	`assignee_role` text,
	`offset_days` integer NOT NULL,
	`due_date` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`closed_by` text,
	`closed_at` text
);
--> statement-breakpoint
CREATE INDEX `checklist_tasks_checklist` ON `checklist_tasks` (`checklist_id`);--> statement-breakpoint
CREATE INDEX `checklist_tasks_due` ON `checklist_tasks` (`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `checklist_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`tasks` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`archived_at` text
);
--> statement-breakpoint
CREATE TABLE `checklists` (
	`id` text PRIMARY KEY NOT NULL,
	`start_key` text NOT NULL,
	`employee_id` text NOT NULL,
	`template_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`anchor_date` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`closed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklists_start_key` ON `checklists` (`start_key`);--> statement-breakpoint
CREATE INDEX `checklists_employee` ON `checklists` (`employee_id`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`user_id` text,
	`to_address` text NOT NULL,
	`type` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` text NOT NULL,
	`claimed_until` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_dedupe` ON `mail_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `mail_outbox_due` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `mail_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`language` text NOT NULL,
	`channels` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mail_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`email_enabled` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `password_resets` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `password_resets_user` ON `password_resets` (`user_id`,`created_at`);