ALTER TABLE `session_events` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `session_events` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `session_events` ADD `hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `session_events_chain` ON `session_events` (`session_id`,`seq`);--> statement-breakpoint
-- Events written before the chain existed are marked as history (core/support/event-chain.ts, BEFORE_CHAIN) rather
-- than sealed now, which would vouch for whatever happened to them before. A row added later without a link (by
-- hand, by a script) is then told apart from them: it counts as slipped in.
UPDATE `session_events` SET `hash` = 'before-chain' WHERE `hash` IS NULL;
