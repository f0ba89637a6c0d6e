CREATE TABLE `person_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`language` text,
	`theme` text,
	`sound` integer DEFAULT true NOT NULL,
	`avatar_hash` text,
	`avatar_type` text,
	`avatar` blob,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_preferences_avatar` ON `person_preferences` (`avatar_hash`);