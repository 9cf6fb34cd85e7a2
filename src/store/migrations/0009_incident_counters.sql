CREATE TABLE `incident_counters` (
	`tenant_id` text NOT NULL,
	`incident_id` text NOT NULL,
	`records` integer DEFAULT 0 NOT NULL,
	`unmatched_records` integer DEFAULT 0 NOT NULL,
	`passwords_blocked` integer DEFAULT 0 NOT NULL,
	`accounts_exposed` integer DEFAULT 0 NOT NULL,
	`password_matches` integer DEFAULT 0 NOT NULL,
	`matches_plaintext` integer DEFAULT 0 NOT NULL,
	`matches_hash_string` integer DEFAULT 0 NOT NULL,
	`matches_digest` integer DEFAULT 0 NOT NULL,
	`resets_forced` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `incident_id`)
);
