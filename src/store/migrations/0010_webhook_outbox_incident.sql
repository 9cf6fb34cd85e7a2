ALTER TABLE `webhook_outbox` ADD `incident_id` text;--> statement-breakpoint
CREATE INDEX `webhook_outbox_incident` ON `webhook_outbox` (`tenant_id`,`incident_id`,`delivered_at`,`failed_at`);--> statement-breakpoint
-- Hand-written: events queued before the column existed get it from their payload.
UPDATE `webhook_outbox` SET `incident_id` = json_extract(`payload`, '$.data.incidentId') WHERE json_type(`payload`, '$.data.incidentId') = 'text';