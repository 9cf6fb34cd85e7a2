CREATE TABLE "breach_flags" (
	"tenant_id" text NOT NULL,
	"external_id" text NOT NULL,
	"password_epoch" bigint NOT NULL,
	"moment" text NOT NULL,
	"action" text NOT NULL,
	"breach_count" integer NOT NULL,
	"flagged_at" bigint NOT NULL,
	"digested_at" bigint,
	CONSTRAINT "breach_flags_tenant_id_external_id_password_epoch_pk" PRIMARY KEY("tenant_id","external_id","password_epoch")
);
--> statement-breakpoint
CREATE TABLE "console_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"tenant_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "console_users" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"email_index" text NOT NULL,
	"password_hash" text NOT NULL,
	"sealed_totp_secret" text NOT NULL,
	"totp_last_step" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"last_login_at" bigint
);
--> statement-breakpoint
CREATE TABLE "digest_jobs" (
	"tenant_id" text NOT NULL,
	"incident_id" text NOT NULL,
	"candidates" integer DEFAULT 0 NOT NULL,
	"checked" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"busy_ms" bigint DEFAULT 0 NOT NULL,
	"started_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "digest_jobs_tenant_id_incident_id_pk" PRIMARY KEY("tenant_id","incident_id")
);
--> statement-breakpoint
CREATE TABLE "legacy_verify_endpoints" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"timeout_ms" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_markers" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text,
	"at" bigint NOT NULL
);
--> statement-breakpoint
DROP INDEX "accounts_email";--> statement-breakpoint
ALTER TABLE "account_exposures" ADD COLUMN "match_via" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "keyed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exposure_records" ADD COLUMN "match_via" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "exposure_records" ADD COLUMN "digest_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "upstream_fail" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "breach_action_signup" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "breach_action_password_change" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "breach_action_login" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "breach_digest" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "breach_digest_sent_at" bigint;--> statement-breakpoint
ALTER TABLE "console_users" ADD CONSTRAINT "console_users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "breach_flags_digest" ON "breach_flags" USING btree ("tenant_id","digested_at");--> statement-breakpoint
CREATE INDEX "console_sessions_user" ON "console_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "console_users_email" ON "console_users" USING btree ("tenant_id","email_index");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_unique" ON "accounts" USING btree ("tenant_id","email_index");--> statement-breakpoint
CREATE INDEX "accounts_must_reset" ON "accounts" USING btree ("tenant_id","must_reset");--> statement-breakpoint
CREATE INDEX "exposure_records_digest_pending" ON "exposure_records" USING btree ("tenant_id","incident_id") WHERE "exposure_records"."digest_pending";