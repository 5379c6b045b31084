CREATE TABLE `alerts` (
	`key` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `cars` ADD `moved_at` text;--> statement-breakpoint
ALTER TABLE `door_states` ADD `since` text;--> statement-breakpoint
ALTER TABLE `facility` ADD `alert_rules` text;