CREATE TABLE `personal_details` (
	`employee_id` text PRIMARY KEY NOT NULL,
	`personal_email` text,
	`personal_phone` text,
	`emergency_contacts` text,
	`bank_account` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `profile_change_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`changes` text NOT NULL,
	`status` text NOT NULL,
	`requested_at` text NOT NULL,
	`requested_by` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`decision_reason` text
);
--> statement-breakpoint
CREATE INDEX `profile_change_requests_status` ON `profile_change_requests` (`status`,`requested_at`);--> statement-breakpoint
CREATE INDEX `profile_change_requests_employee` ON `profile_change_requests` (`employee_id`);--> statement-breakpoint
CREATE TABLE `self_service_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`approval` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `custom_field_values` (
	`employee_id` text NOT NULL,
	`field_id` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`employee_id`, `field_id`)
);
--> statement-breakpoint
CREATE INDEX `custom_field_values_field` ON `custom_field_values` (`field_id`);--> statement-breakpoint
CREATE TABLE `custom_fields` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text,
	`unit` text,
	`min` real,
	`max` real,
	`required` integer NOT NULL,
	`default_value` text,
	`tier` text NOT NULL,
	`writer` text NOT NULL,
	`payroll` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custom_fields_key` ON `custom_fields` (`key`);--> statement-breakpoint
CREATE TABLE `compensation_records` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`effective_date` text NOT NULL,
	`amount` text NOT NULL,
	`currency` text NOT NULL,
	`frequency` text NOT NULL,
	`pay_grade` text,
	`cost_centre` text,
	`fte` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `compensation_records_employee` ON `compensation_records` (`employee_id`,`effective_date`);--> statement-breakpoint
CREATE TABLE `compensation_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`managers_see_pay` integer NOT NULL,
	`updated_at` text NOT NULL
);
