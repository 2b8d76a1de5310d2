DROP INDEX `employee_events_due`;--> statement-breakpoint
CREATE INDEX `employee_events_scheduled` ON `employee_events` (`effective_date`) WHERE state = 'scheduled';--> statement-breakpoint
DROP INDEX `employees_external_id`;--> statement-breakpoint
CREATE UNIQUE INDEX `employees_external_id` ON `employees` (`external_id`) WHERE external_id IS NOT NULL;