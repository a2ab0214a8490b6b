CREATE TABLE `sequences` (
	`name` text PRIMARY KEY NOT NULL,
	`last` integer NOT NULL
);
--> statement-breakpoint
-- Reports so far keep their numbers; the next one follows the highest.
INSERT INTO `sequences` (`name`, `last`) SELECT 'reports', coalesce(max(`id`), 0) FROM `reports`;
