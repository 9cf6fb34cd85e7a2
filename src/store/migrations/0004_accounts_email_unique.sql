-- Hand-edited: before the unique index, an e-mail held by several accounts of one tenant stays
-- on the one that logged in last (then the oldest, then the smallest externalId); the others
-- lose their e-mail index (they still log in by externalId). See README "E-mail index".
UPDATE `accounts` SET `email_index` = NULL
WHERE `email_index` IS NOT NULL AND EXISTS (
  SELECT 1 FROM `accounts` AS `keeper`
  WHERE `keeper`.`tenant_id` = `accounts`.`tenant_id`
    AND `keeper`.`email_index` = `accounts`.`email_index`
    AND `keeper`.`external_id` <> `accounts`.`external_id`
    AND (
      coalesce(`keeper`.`last_login_at`, -1) > coalesce(`accounts`.`last_login_at`, -1)
      OR (
        coalesce(`keeper`.`last_login_at`, -1) = coalesce(`accounts`.`last_login_at`, -1)
        AND (
          `keeper`.`created_at` < `accounts`.`created_at`
          OR (`keeper`.`created_at` = `accounts`.`created_at` AND `keeper`.`external_id` < `accounts`.`external_id`)
        )
      )
    )
);--> statement-breakpoint
DROP INDEX `accounts_email`;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`tenant_id`,`email_index`);
