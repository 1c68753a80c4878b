-- Every secret rotated away in the last 24 h keeps signing, not only the last one: rotating twice
-- in a day used to drop the first secret, which a receiver may still be the one holding. Each
-- previous secret has its own end (24 h after it was replaced); the lists are kept newest first
-- and bounded (WebhookRepository.MAX_PREVIOUS_SECRETS) so rotating in a loop cannot make every
-- delivery sign without end. previous_secret and previous_expires_at are still written by a
-- rotation (the last secret replaced), for the release before this one, which reads them during a
-- rolling update; a later release drops them. A rotation made by such an older instance during the
-- update is not in the lists: until the update ends, this release's instances sign without it.
alter table webhook_endpoint
    add column previous_secrets   text[]        not null default '{}',
    add column previous_expiries  timestamptz[] not null default '{}';

update webhook_endpoint
   set previous_secrets = array[previous_secret], previous_expiries = array[previous_expires_at]
 where previous_secret is not null and previous_expires_at is not null and previous_expires_at > now();
