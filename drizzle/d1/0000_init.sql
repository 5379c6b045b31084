CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`facility_id` text NOT NULL,
	`seq` integer NOT NULL,
	`car_id` text NOT NULL,
	`action` text NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`actor` text NOT NULL,
	`actor_role` text NOT NULL,
	`mutation_id` text NOT NULL,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_once` ON `audit_log` (`facility_id`,`seq`,`car_id`,`field`);--> statement-breakpoint
CREATE INDEX `audit_log_car` ON `audit_log` (`facility_id`,`car_id`,`seq`);--> statement-breakpoint
CREATE TABLE `facilities` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`locations` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shifts` (
	`facility_id` text NOT NULL,
	`id` integer NOT NULL,
	`started_at` text NOT NULL,
	`started_by` text NOT NULL,
	`notes` text NOT NULL,
	`ended_at` text,
	`ended_by` text,
	`end_notes` text,
	`stats` text,
	`snapshot` text,
	PRIMARY KEY(`facility_id`, `id`)
);
