ALTER TABLE `support_sessions` ADD `helper_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_helper_token_unique` ON `support_sessions` (`helper_token_hash`);