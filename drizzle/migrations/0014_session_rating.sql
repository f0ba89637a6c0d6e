ALTER TABLE `support_sessions` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `rating_comment` text;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `rated_at` integer;