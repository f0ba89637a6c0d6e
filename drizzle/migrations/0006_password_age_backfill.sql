-- People who existed before passwords could expire: their password's age counts from their account's creation,
-- so a maximum-age policy applies to them too instead of never.
UPDATE `users` SET `password_changed_at` = `created_at` WHERE `password_changed_at` IS NULL;
