CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer,
	`indicator` text NOT NULL,
	`amount` integer NOT NULL,
	`set_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_district` ON `targets` (`indicator`) WHERE "targets"."unit_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `targets_unit` ON `targets` (`unit_id`,`indicator`) WHERE "targets"."unit_id" is not null;