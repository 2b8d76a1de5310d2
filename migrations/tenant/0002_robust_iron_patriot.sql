CREATE TABLE `checklist_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`checklist_id` text NOT NULL,
	`employee_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
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
CREATE INDEX `checklists_employee` ON `checklists` (`employee_id`);