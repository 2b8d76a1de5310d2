CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`attached_to` text NOT NULL,
	`attached_id` text NOT NULL,
	`employee_id` text NOT NULL,
	`category` text NOT NULL,
	`tier` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`blob_key` text NOT NULL,
	`expires_on` text,
	`uploaded_by` text NOT NULL,
	`created_at` text NOT NULL,
	`replaced_by` text,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `documents_attached` ON `documents` (`attached_to`,`attached_id`);--> statement-breakpoint
CREATE INDEX `documents_employee` ON `documents` (`employee_id`);--> statement-breakpoint
ALTER TABLE `leave_types` ADD `sick_note_above_days` integer;