CREATE TABLE `card_actions` (
	`event_id` text PRIMARY KEY NOT NULL,
	`response` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `entries` (
	`report_id` integer NOT NULL,
	`indicator` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`report_id`, `indicator`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`message_id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`sender_open_id` text NOT NULL,
	`text` text NOT NULL,
	`reply` text,
	`replied_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_deliveries` (
	`job` text NOT NULL,
	`period` text NOT NULL,
	`recipient` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`job`, `period`, `recipient`)
);
--> statement-breakpoint
CREATE TABLE `people` (
	`open_id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`unit_id` integer,
	`role` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rectification_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rectification_id` integer NOT NULL,
	`actor_open_id` text NOT NULL,
	`action` text NOT NULL,
	`field` text,
	`old_value` text,
	`new_value` text,
	`note` text,
	`dedupe_key` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rectification_history_dedupe_key_unique` ON `rectification_history` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `rectification_history_item` ON `rectification_history` (`rectification_id`);--> statement-breakpoint
CREATE TABLE `rectifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`problem` text NOT NULL,
	`source` text NOT NULL,
	`measures` text DEFAULT '' NOT NULL,
	`deadline` text NOT NULL,
	`lead_leader` text NOT NULL,
	`lead_leader_open_id` text,
	`unit_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rectifications_code_unique` ON `rectifications` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `rectifications_year_seq` ON `rectifications` (`year`,`seq`);--> statement-breakpoint
CREATE INDEX `rectifications_status_deadline` ON `rectifications` (`status`,`deadline`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`unit_id` integer NOT NULL,
	`week` text NOT NULL,
	`reporter_open_id` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_message_id_unique` ON `reports` (`message_id`);--> statement-breakpoint
CREATE INDEX `reports_unit_week` ON `reports` (`unit_id`,`week`);--> statement-breakpoint
CREATE TABLE `revocations` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`revoked_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_unique` ON `units` (`name`);