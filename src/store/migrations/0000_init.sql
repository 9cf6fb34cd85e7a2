CREATE TABLE `account_exposures` (
	`tenant_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`external_id` text NOT NULL,
	`password_match` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `incident_id`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `account_exposures_account` ON `account_exposures` (`tenant_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`tenant_id` text NOT NULL,
	`external_id` text NOT NULL,
	`email_index` text,
	`password_hash` text NOT NULL,
	`scheme` text NOT NULL,
	`import_fingerprint` text,
	`must_reset` integer DEFAULT false NOT NULL,
	`reset_reasons` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`password_changed_at` integer,
	`last_login_at` integer,
	PRIMARY KEY(`tenant_id`, `external_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `accounts_email` ON `accounts` (`tenant_id`,`email_index`);--> statement-breakpoint
CREATE INDEX `accounts_scheme` ON `accounts` (`tenant_id`,`scheme`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`scopes` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_tenant` ON `api_keys` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`tenant_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text DEFAULT '{}' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `exposure_records` (
	`tenant_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`record_key` text NOT NULL,
	`external_id` text,
	`password_match` integer DEFAULT false NOT NULL,
	`password_added` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `incident_id`, `record_key`)
);
--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`occurred_at` integer,
	`detected_at` integer NOT NULL,
	`data_classes` text NOT NULL,
	`source` text,
	`notify_authority_by` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `incidents_tenant` ON `incidents` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`tenant_id` text NOT NULL,
	`subject` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `subject`)
);
--> statement-breakpoint
CREATE TABLE `reset_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`external_id` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `reset_tokens_account` ON `reset_tokens` (`tenant_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`service_name` text,
	`min_password_length` integer,
	`min_strength_score` integer,
	`breach_count_threshold` integer,
	`contact` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `webhook_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`delivered_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `webhook_outbox_due` ON `webhook_outbox` (`delivered_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`sealed_secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
