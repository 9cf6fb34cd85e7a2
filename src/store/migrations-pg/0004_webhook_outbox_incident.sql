ALTER TABLE "webhook_outbox" ADD COLUMN "incident_id" text;--> statement-breakpoint
CREATE INDEX "webhook_outbox_incident" ON "webhook_outbox" USING btree ("tenant_id","incident_id","delivered_at","failed_at");--> statement-breakpoint
-- Hand-written: events queued before the column existed get it from their payload.
UPDATE "webhook_outbox" SET "incident_id" = ("payload"::jsonb -> 'data' ->> 'incidentId') WHERE jsonb_typeof("payload"::jsonb -> 'data' -> 'incidentId') = 'string';