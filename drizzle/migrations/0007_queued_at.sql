ALTER TABLE `support_sessions` ADD `queued_at` integer;--> statement-breakpoint
-- Sessions from before hand-overs reset the wait: the customer's wait began when they joined.
UPDATE `support_sessions` SET `queued_at` = `joined_at` WHERE `queued_at` IS NULL;
