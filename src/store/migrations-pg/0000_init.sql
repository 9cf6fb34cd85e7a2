CREATE TABLE "account_exposures" (
	"tenant_id" text NOT NULL,
	"incident_id" text NOT NULL,
	"external_id" text NOT NULL,
	"password_match" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "account_exposures_tenant_id_incident_id_external_id_pk" PRIMARY KEY("tenant_id","incident_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"tenant_id" text NOT NULL,
	"external_id" text NOT NULL,
	"email_index" text,
	"password_hash" text NOT NULL,
	"scheme" text NOT NULL,
	"import_fingerprint" text,
	"must_reset" boolean DEFAULT false NOT NULL,
	"reset_reasons" text DEFAULT '[]' NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"password_changed_at" bigint,
	"last_login_at" bigint,
	CONSTRAINT "accounts_tenant_id_external_id_pk" PRIMARY KEY("tenant_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text NOT NULL,
	"label" text,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"tenant_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" text DEFAULT '{}' NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_tenant_id_seq_pk" PRIMARY KEY("tenant_id","seq")
);
--> statement-breakpoint
CREATE TABLE "exposure_records" (
	"tenant_id" text NOT NULL,
	"incident_id" text NOT NULL,
	"record_key" text NOT NULL,
	"external_id" text,
	"password_match" boolean DEFAULT false NOT NULL,
	"password_added" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "exposure_records_tenant_id_incident_id_record_key_pk" PRIMARY KEY("tenant_id","incident_id","record_key")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"occurred_at" bigint,
	"detected_at" bigint NOT NULL,
	"data_classes" text NOT NULL,
	"source" text,
	"notify_authority_by" bigint NOT NULL,
	"authority_notified_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"tenant_id" text NOT NULL,
	"subject" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" bigint NOT NULL,
	"blocked_until" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "login_throttle_tenant_id_subject_pk" PRIMARY KEY("tenant_id","subject")
);
--> statement-breakpoint
CREATE TABLE "reset_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"external_id" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"service_name" text,
	"min_password_length" integer,
	"min_strength_score" integer,
	"breach_count_threshold" integer,
	"contact" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"type" text NOT NULL,
	"payload" text NOT NULL,
	"created_at" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"delivered_at" bigint,
	"last_error" text,
	"failed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_exposures_account" ON "account_exposures" USING btree ("tenant_id","external_id");--> statement-breakpoint
CREATE INDEX "accounts_email" ON "accounts" USING btree ("tenant_id","email_index");--> statement-breakpoint
CREATE INDEX "accounts_scheme" ON "accounts" USING btree ("tenant_id","scheme");--> statement-breakpoint
CREATE INDEX "api_keys_tenant" ON "api_keys" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "incidents_tenant" ON "incidents" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "reset_tokens_account" ON "reset_tokens" USING btree ("tenant_id","external_id");--> statement-breakpoint
CREATE INDEX "webhook_outbox_due" ON "webhook_outbox" USING btree ("delivered_at","next_attempt_at");