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
CREATE UNIQUE INDEX "accounts_email_unique" ON "accounts" USING btree ("tenant_id","email_index");--> statement-breakpoint
CREATE INDEX "exposure_records_digest_pending" ON "exposure_records" USING btree ("tenant_id","incident_id") WHERE "exposure_records"."digest_pending";