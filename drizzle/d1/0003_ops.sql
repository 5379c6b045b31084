CREATE TABLE `client_errors` (
	`message` text NOT NULL,
	`build` text NOT NULL,
	`count` integer NOT NULL,
	`facilities` text NOT NULL,
	`first_seen` text NOT NULL,
	`last_seen` text NOT NULL,
	`url` text NOT NULL,
	`stack` text,
	PRIMARY KEY(`message`, `build`)
);
--> statement-breakpoint
CREATE INDEX `client_errors_last` ON `client_errors` (`last_seen`);--> statement-breakpoint
CREATE TABLE `usage_daily` (
	`facility_id` text NOT NULL,
	`day` text NOT NULL,
	`taps` integer NOT NULL,
	`people` integer NOT NULL,
	`scans` integer NOT NULL,
	`imports` integer NOT NULL,
	`alerts` integer NOT NULL,
	`by_type` text NOT NULL,
	`by_role` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`facility_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `usage_daily_day` ON `usage_daily` (`day`);--> statement-breakpoint
ALTER TABLE `facilities` ADD `archived` integer DEFAULT false NOT NULL;