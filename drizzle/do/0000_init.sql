CREATE TABLE `audit_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`seq` integer NOT NULL,
	`car_id` text NOT NULL,
	`action` text NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`actor` text NOT NULL,
	`actor_role` text NOT NULL,
	`mutation_id` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cars` (
	`id` text PRIMARY KEY NOT NULL,
	`location` text NOT NULL,
	`arrived` integer NOT NULL,
	`late` integer NOT NULL,
	`empty` integer NOT NULL,
	`notes` text NOT NULL,
	`arrived_at` text,
	`empty_at` text,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	`field_versions` text NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `change_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`diff` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `facility` (
	`key` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`locations` text NOT NULL,
	`facility_seq` integer NOT NULL,
	`synced_facility_seq` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mutations` (
	`mutation_id` text PRIMARY KEY NOT NULL,
	`outcome` text NOT NULL,
	`at` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` integer PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL,
	`started_by` text NOT NULL,
	`notes` text NOT NULL,
	`ended_at` text,
	`ended_by` text,
	`end_notes` text,
	`stats` text,
	`snapshot` text,
	`synced` integer DEFAULT false NOT NULL
);
