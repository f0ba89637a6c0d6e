CREATE TABLE `administrator_group_members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`admin_group_id` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`admin_group_id`) REFERENCES `administrator_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `administrator_group_members_group` ON `administrator_group_members` (`admin_group_id`);--> statement-breakpoint
CREATE TABLE `administrator_group_scopes` (
	`admin_group_id` text NOT NULL,
	`technician_group_id` text NOT NULL,
	PRIMARY KEY(`admin_group_id`, `technician_group_id`),
	FOREIGN KEY (`admin_group_id`) REFERENCES `administrator_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`technician_group_id`) REFERENCES `technician_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `administrator_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `administrator_groups`(`id`) ON UPDATE no action ON DELETE no action
);
