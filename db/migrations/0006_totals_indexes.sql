CREATE INDEX `entries_covering` ON `entries` (`report_id`,`indicator`,`amount`);--> statement-breakpoint
CREATE INDEX `reports_week_unit` ON `reports` (`week`,`unit_id`);