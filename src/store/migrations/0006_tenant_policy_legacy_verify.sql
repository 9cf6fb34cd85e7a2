CREATE TABLE `breach_flags` (
	`tenant_id` text NOT NULL,
	`external_id` text NOT NULL,
	`password_epoch` integer NOT NULL,
	`moment` text NOT NULL,
	`action` text NOT NULL,
	`breach_count` integer NOT NULL,
	`flagged_at` integer NOT NULL,
	`digested_at` integer,
	PRIMARY KEY(`tenant_id`, `external_id`, `password_epoch`)
);
--> statement-breakpoint
CREATE INDEX `breach_flags_digest` ON `breach_flags` (`tenant_id`,`digested_at`);--> statement-breakpoint
CREATE TABLE `legacy_verify_endpoints` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`sealed_secret` text NOT NULL,
	`timeout_ms` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `tenants` ADD `upstream_fail` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `breach_action_signup` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `breach_action_password_change` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `breach_action_login` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `breach_digest` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `breach_digest_sent_at` integer;