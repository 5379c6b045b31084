CREATE TABLE `alerts` (
	`key` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `push_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`endpoint` text NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer NOT NULL,
	`due_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `push_subscriptions` (
	`endpoint` text PRIMARY KEY NOT NULL,
	`p256dh` text NOT NULL,
	`auth` text NOT NULL,
	`person` text NOT NULL,
	`role` text NOT NULL,
	`time_zone` text NOT NULL,
	`created_at` text NOT NULL,
	`last_success_at` text
);
--> statement-breakpoint
ALTER TABLE `cars` ADD `moved_at` text;--> statement-breakpoint
ALTER TABLE `door_states` ADD `since` text;--> statement-breakpoint
ALTER TABLE `facility` ADD `alert_rules` text;