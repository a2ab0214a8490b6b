CREATE TABLE `unit_totals` (
	`unit_id` integer NOT NULL,
	`indicator` text NOT NULL,
	`amount` integer NOT NULL,
	`weeks` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `indicator`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `week_totals` (
	`unit_id` integer NOT NULL,
	`indicator` text NOT NULL,
	`week` text NOT NULL,
	`amount` integer NOT NULL,
	`latest` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `indicator`, `week`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `week_totals_week` ON `week_totals` (`week`,`unit_id`,`indicator`,`amount`);--> statement-breakpoint
CREATE INDEX `week_totals_indicator` ON `week_totals` (`indicator`,`unit_id`,`week`,`latest`);--> statement-breakpoint
INSERT INTO `week_totals` (`unit_id`, `indicator`, `week`, `amount`, `latest`)
SELECT `unit_id`, `indicator`, `week`, `amount`, `latest` FROM (
	SELECT r.`unit_id`, e.`indicator`, r.`week`, sum(e.`amount`) AS `amount`, e.`amount` AS `latest`, max(r.`id`) AS `last_id`
	FROM `entries` e
	INNER JOIN `reports` r ON r.`id` = e.`report_id`
	LEFT JOIN `revocations` v ON v.`report_id` = r.`id`
	LEFT JOIN `entry_revocations` x ON x.`report_id` = e.`report_id` AND x.`indicator` = e.`indicator`
	WHERE v.`report_id` IS NULL AND x.`report_id` IS NULL AND (r.`held` IS NULL OR r.`released_at` IS NOT NULL)
	GROUP BY r.`unit_id`, e.`indicator`, r.`week`
);--> statement-breakpoint
INSERT INTO `unit_totals` (`unit_id`, `indicator`, `amount`, `weeks`)
SELECT `unit_id`, `indicator`, sum(`amount`), count(*) FROM `week_totals` GROUP BY `unit_id`, `indicator`;
