-- drizzle's migrator runs inside a transaction, where PRAGMA foreign_keys is ignored: openDatabase turns
-- foreign keys off around migrations and checks them afterwards instead.
CREATE TABLE `__new_support_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`technician_id` text,
	`group_id` text,
	`picked_up_at` integer,
	`customer_name` text NOT NULL,
	`state` text NOT NULL,
	`code` text,
	`code_expires_at` integer NOT NULL,
	`link_token_hash` text NOT NULL,
	`customer_token_hash` text,
	`created_at` integer NOT NULL,
	`joined_at` integer,
	`consented_at` integer,
	`closed_at` integer,
	`end_reason` text,
	`notes` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`technician_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `technician_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_support_sessions`("id", "technician_id", "group_id", "picked_up_at", "customer_name", "state", "code", "code_expires_at", "link_token_hash", "customer_token_hash", "created_at", "joined_at", "consented_at", "closed_at", "end_reason", "notes") SELECT "id", "technician_id", (SELECT "group_id" FROM "users" WHERE "users"."id" = "support_sessions"."technician_id"), "consented_at", "customer_name", "state", "code", "code_expires_at", "link_token_hash", "customer_token_hash", "created_at", "joined_at", "consented_at", "closed_at", "end_reason", "notes" FROM `support_sessions`;--> statement-breakpoint
DROP TABLE `support_sessions`;--> statement-breakpoint
ALTER TABLE `__new_support_sessions` RENAME TO `support_sessions`;--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_code_unique` ON `support_sessions` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_link_unique` ON `support_sessions` (`link_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_customer_token_unique` ON `support_sessions` (`customer_token_hash`);--> statement-breakpoint
CREATE INDEX `support_sessions_technician` ON `support_sessions` (`technician_id`,`state`);--> statement-breakpoint
CREATE INDEX `support_sessions_group` ON `support_sessions` (`group_id`,`state`);