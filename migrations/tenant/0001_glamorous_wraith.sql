CREATE TABLE `timeoff_blackouts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`applies_to` text NOT NULL,
	`leave_type_ids` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `api_keys` ADD `kiosk` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `leave_types` ADD `tracked` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `leave_types` ADD `applicable_after_days` integer;--> statement-breakpoint
ALTER TABLE `leave_types` ADD `max_consecutive_days` integer;--> statement-breakpoint
ALTER TABLE `leave_types` ADD `max_backdate_days` integer;--> statement-breakpoint
ALTER TABLE `attendance_punches` ADD `client_at` text;--> statement-breakpoint
ALTER TABLE `attendance_schedules` ADD `max_shift_minutes` integer DEFAULT 960 NOT NULL;