CREATE TABLE `sent_cards` (
	`message_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`chat` text NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sent_cards_subject` ON `sent_cards` (`kind`,`subject`);