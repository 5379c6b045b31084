ALTER TABLE `audit_log` ADD `door` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `trailer` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `audit_log_door` ON `audit_log` (`facility_id`,`door`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_trailer` ON `audit_log` (`facility_id`,`trailer`,`seq`);--> statement-breakpoint
ALTER TABLE `facilities` ADD `doors` text;--> statement-breakpoint
ALTER TABLE `shifts` ADD `door_board` text;