-- The organisation's version: 1 at registration, one more per change. Events carry it, so copies in
-- other services apply only what is newer than what they hold.
ALTER TABLE organisations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
