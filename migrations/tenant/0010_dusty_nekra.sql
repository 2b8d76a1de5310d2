CREATE TABLE `privacy_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`status` text NOT NULL,
	`done` integer NOT NULL,
	`total` integer NOT NULL,
	`result` text NOT NULL,
	`requested_by` text NOT NULL,
	`queued_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `privacy_exports_employee` ON `privacy_exports` (`employee_id`);--> statement-breakpoint
CREATE TABLE `privacy_erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`trigger` text NOT NULL,
	`categories` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`step` integer NOT NULL,
	`cursor` integer NOT NULL,
	`pending_blobs` text NOT NULL,
	`counts` text NOT NULL,
	`requested_by` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `privacy_erasures_employee` ON `privacy_erasures` (`employee_id`);--> statement-breakpoint
CREATE TABLE `privacy_retention` (
	`id` integer PRIMARY KEY NOT NULL,
	`months` text NOT NULL,
	`updated_at` text NOT NULL
);
