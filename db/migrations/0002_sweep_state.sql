DROP INDEX `inbound_messages_pending`;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `pending_at` integer;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `failure` text;--> statement-breakpoint
CREATE INDEX `inbound_messages_sweep` ON `inbound_messages` (`pending_at`) WHERE "inbound_messages"."pending_at" is not null;--> statement-breakpoint
-- What the old sweep would have picked up is due now; everything else is finished.
UPDATE `inbound_messages` SET `pending_at` = `created_at`
  WHERE `processed_at` IS NULL OR (`reply` IS NOT NULL AND `replied_at` IS NULL);
