CREATE TABLE `digest_jobs` (
	`tenant_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`candidates` integer DEFAULT 0 NOT NULL,
	`checked` integer DEFAULT 0 NOT NULL,
	`matched` integer DEFAULT 0 NOT NULL,
	`busy_ms` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `incident_id`)
);
--> statement-breakpoint
ALTER TABLE `account_exposures` ADD `match_via` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `exposure_records` ADD `match_via` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `exposure_records` ADD `digest_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `exposure_records_digest_pending` ON `exposure_records` (`tenant_id`,`incident_id`) WHERE "exposure_records"."digest_pending" = 1;