ALTER TABLE `job_deliveries` ADD `card` text;--> statement-breakpoint
ALTER TABLE `job_deliveries` ADD `pending_at` integer;--> statement-breakpoint
ALTER TABLE `job_deliveries` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `job_deliveries` ADD `failure` text;--> statement-breakpoint
CREATE INDEX `job_deliveries_pending` ON `job_deliveries` (`pending_at`) WHERE "job_deliveries"."pending_at" is not null;