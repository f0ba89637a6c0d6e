ALTER TABLE `session_events` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `session_events` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `session_events` ADD `hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `session_events_chain` ON `session_events` (`session_id`,`seq`);