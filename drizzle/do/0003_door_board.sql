CREATE TABLE `door_states` (
	`door` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`visit_id` text
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`visit_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`departed_at` text,
	`data` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `audit_outbox` ADD `door` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_outbox` ADD `trailer` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `facility` ADD `doors` text DEFAULT '["9","10","11","12","13","14","15","16","17","18","19","20","21","22","23"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `shifts` ADD `door_board` text;