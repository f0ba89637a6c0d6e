CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_slug_unique` ON `channels` (`slug`);--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `channel_id` text REFERENCES channels(id);--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `custom_fields` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `support_sessions` ADD `request` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `support_sessions_channel` ON `support_sessions` (`channel_id`,`state`);