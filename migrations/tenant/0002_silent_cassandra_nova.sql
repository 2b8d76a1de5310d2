DROP INDEX `timeoff_ledger_accrual`;--> statement-breakpoint
ALTER TABLE `timeoff_ledger` ADD `cause` text;--> statement-breakpoint
CREATE INDEX `timeoff_ledger_period` ON `timeoff_ledger` (`employee_id`,`leave_type_id`,`kind`,`period`);--> statement-breakpoint
ALTER TABLE `timeoff_policies` ADD `ends_on` text;--> statement-breakpoint
ALTER TABLE `timeoff_policies` ADD `updated_at` text;