ALTER TABLE `api_keys` ADD `owner_user_id` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `service` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `family_started_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `employee_id` text;--> statement-breakpoint
ALTER TABLE `users` ADD `deactivated_by` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_employee` ON `users` (`employee_id`);--> statement-breakpoint
-- Data: existing tenants linked users to employees by a matching email; that match is taken once as the link.
UPDATE `users` SET `employee_id` = (SELECT `e`.`id` FROM `employees` `e` WHERE `e`.`work_email` = `users`.`email`) WHERE `employee_id` IS NULL;--> statement-breakpoint
-- Data: a key made by a user is owned by that user; a key made by a key, by the owner of that key (two levels).
UPDATE `api_keys` SET `owner_user_id` = `created_by` WHERE `owner_user_id` IS NULL AND `created_by` LIKE 'usr\_%' ESCAPE '\';--> statement-breakpoint
UPDATE `api_keys` SET `owner_user_id` = (SELECT `k`.`owner_user_id` FROM `api_keys` `k` WHERE `k`.`id` = `api_keys`.`created_by`) WHERE `owner_user_id` IS NULL;--> statement-breakpoint
UPDATE `api_keys` SET `owner_user_id` = (SELECT `k`.`owner_user_id` FROM `api_keys` `k` WHERE `k`.`id` = `api_keys`.`created_by`) WHERE `owner_user_id` IS NULL;--> statement-breakpoint
-- Data: a family began with its oldest token.
UPDATE `refresh_tokens` SET `family_started_at` = (SELECT min(`r`.`created_at`) FROM `refresh_tokens` `r` WHERE `r`.`family_id` = `refresh_tokens`.`family_id`) WHERE `family_started_at` IS NULL;
