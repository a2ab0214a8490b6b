CREATE TABLE `rectification_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rectification_id` integer NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`name` text,
	`message_id` text,
	`actor_open_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rectification_evidence_key` ON `rectification_evidence` (`rectification_id`,`key`);