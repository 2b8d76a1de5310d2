CREATE TABLE `actor_meta` (
	`id` integer PRIMARY KEY NOT NULL,
	`epoch` integer NOT NULL,
	`published_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`request_id` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`changes` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_id`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency` (
	`key` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`reply` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `idempotency_at` ON `idempotency` (`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`subject` text NOT NULL,
	`data` text NOT NULL,
	`audience` text,
	`request_id` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`key` text PRIMARY KEY NOT NULL,
	`due_at` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE TABLE `invites` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` text NOT NULL,
	`accepted_at` text
);
--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_family` ON `refresh_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_user` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `tenant_profile` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`plan` text DEFAULT 'standard' NOT NULL,
	`cors_origins` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`approval_reminder_days` integer DEFAULT 3,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`password_hash` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `employee_events` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`type` text NOT NULL,
	`effective_date` text NOT NULL,
	`changes` text NOT NULL,
	`reason` text,
	`state` text NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `employee_events_employee` ON `employee_events` (`employee_id`,`effective_date`);--> statement-breakpoint
CREATE INDEX `employee_events_due` ON `employee_events` (`state`,`effective_date`);--> statement-breakpoint
CREATE TABLE `employee_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`dry_run` integer NOT NULL,
	`source` text,
	`rows` integer NOT NULL,
	`created` integer NOT NULL,
	`updated` integer NOT NULL,
	`errors` text NOT NULL,
	`queued_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`requested_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `employees` (
	`id` text PRIMARY KEY NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`preferred_name` text,
	`work_email` text NOT NULL,
	`work_phone` text,
	`job_title` text,
	`department_id` text,
	`location_id` text,
	`manager_id` text,
	`employment_type` text NOT NULL,
	`hire_date` text NOT NULL,
	`status` text NOT NULL,
	`termination_date` text,
	`termination_reason` text,
	`external_id` text,
	`birth_date` text,
	`address` text,
	`emergency_contact` text,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employees_work_email` ON `employees` (`work_email`);--> statement-breakpoint
CREATE UNIQUE INDEX `employees_external_id` ON `employees` (`external_id`);--> statement-breakpoint
CREATE INDEX `employees_manager` ON `employees` (`manager_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`head_employee_id` text,
	`archived_at` text,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `departments_parent` ON `departments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `holidays` (
	`id` text PRIMARY KEY NOT NULL,
	`location_id` text NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	`half_day` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holidays_location_date` ON `holidays` (`location_id`,`date`);--> statement-breakpoint
CREATE TABLE `job_titles` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`archived_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_titles_name` ON `job_titles` (`name`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`weekend_days` text NOT NULL,
	`country` text,
	`archived_at` text,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`subject` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_seq` integer NOT NULL,
	`event_type` text NOT NULL,
	`request_id` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` text NOT NULL,
	`claimed_until` text,
	`last_status` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint` ON `webhook_deliveries` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`event_types` text NOT NULL,
	`secret` text NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE TABLE `timeoff_approval_chains` (
	`leave_type_id` text PRIMARY KEY NOT NULL,
	`steps` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timeoff_delegations` (
	`user_id` text PRIMARY KEY NOT NULL,
	`delegate_user_id` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `leave_types` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`paid` integer NOT NULL,
	`half_days_allowed` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timeoff_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`leave_type_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` real NOT NULL,
	`effective_on` text NOT NULL,
	`period` text,
	`reason` text,
	`request_id` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timeoff_ledger_accrual` ON `timeoff_ledger` (`employee_id`,`leave_type_id`,`kind`,`period`);--> statement-breakpoint
CREATE INDEX `timeoff_ledger_employee` ON `timeoff_ledger` (`employee_id`,`leave_type_id`,`effective_on`);--> statement-breakpoint
CREATE TABLE `timeoff_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`leave_type_id` text NOT NULL,
	`name` text NOT NULL,
	`yearly_entitlement` real NOT NULL,
	`accrual` text NOT NULL,
	`starts_on` text NOT NULL,
	`allow_negative` integer DEFAULT false NOT NULL,
	`carry_over_cap` real,
	`carry_over_expires_after_months` integer,
	`applies_to` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timeoff_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`leave_type_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`start_half` text,
	`end_half` text,
	`amount` real NOT NULL,
	`days` text NOT NULL,
	`note` text,
	`status` text NOT NULL,
	`steps` text NOT NULL,
	`current_step` integer NOT NULL,
	`submitted_by` text NOT NULL,
	`decided_at` text,
	`cancelled_at` text,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `timeoff_requests_employee` ON `timeoff_requests` (`employee_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `timeoff_requests_dates` ON `timeoff_requests` (`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `attendance_corrections` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`work_date` text NOT NULL,
	`reason` text NOT NULL,
	`before` text NOT NULL,
	`after` text NOT NULL,
	`corrected_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attendance_corrections_employee` ON `attendance_corrections` (`employee_id`,`work_date`);--> statement-breakpoint
CREATE TABLE `attendance_punches` (
	`id` text PRIMARY KEY NOT NULL,
	`employee_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`time_zone` text NOT NULL,
	`work_date` text NOT NULL,
	`source` text NOT NULL,
	`client_event_id` text,
	`status` text NOT NULL,
	`correction_id` text,
	`superseded_by` text,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_punches_client_event` ON `attendance_punches` (`employee_id`,`client_event_id`);--> statement-breakpoint
CREATE INDEX `attendance_punches_employee_at` ON `attendance_punches` (`employee_id`,`status`,`at`);--> statement-breakpoint
CREATE INDEX `attendance_punches_employee_date` ON `attendance_punches` (`employee_id`,`work_date`);--> statement-breakpoint
CREATE TABLE `attendance_schedule_assignments` (
	`employee_id` text PRIMARY KEY NOT NULL,
	`schedule_id` text NOT NULL,
	`assigned_at` text NOT NULL,
	`assigned_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attendance_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`days` text NOT NULL,
	`grace_minutes` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
