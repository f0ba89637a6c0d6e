CREATE TABLE `auth_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_sessions_user` ON `auth_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `support_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_events_session` ON `session_events` (`session_id`,`id`);--> statement-breakpoint
CREATE TABLE `support_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`technician_id` text NOT NULL,
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
	FOREIGN KEY (`technician_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_code_unique` ON `support_sessions` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_link_unique` ON `support_sessions` (`link_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `support_sessions_customer_token_unique` ON `support_sessions` (`customer_token_hash`);--> statement-breakpoint
CREATE INDEX `support_sessions_technician` ON `support_sessions` (`technician_id`,`state`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`nickname` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (lower("email"));