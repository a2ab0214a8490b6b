ALTER TABLE `inbound_messages` ADD `event` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `processed_at` integer;--> statement-breakpoint
CREATE INDEX `inbound_messages_pending` ON `inbound_messages` (`processed_at`,`replied_at`);--> statement-breakpoint
-- Messages stored before this migration were processed when they arrived.
UPDATE `inbound_messages` SET `processed_at` = `created_at`;
