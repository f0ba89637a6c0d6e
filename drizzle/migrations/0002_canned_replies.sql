CREATE TABLE `canned_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`keyword` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canned_replies_scope_keyword` ON `canned_replies` (`scope`,`keyword`);