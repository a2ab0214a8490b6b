CREATE TABLE `entry_revocations` (
	`report_id` integer NOT NULL,
	`indicator` text NOT NULL,
	`by_report_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`report_id`, `indicator`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `office_figures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator` text NOT NULL,
	`amount` integer NOT NULL,
	`set_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `office_figures_indicator` ON `office_figures` (`indicator`,`id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `kind` text DEFAULT 'report' NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `after_lock` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `held` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `released_by` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `released_at` integer;