CREATE TABLE `service_markers` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `keyed` integer DEFAULT false NOT NULL;