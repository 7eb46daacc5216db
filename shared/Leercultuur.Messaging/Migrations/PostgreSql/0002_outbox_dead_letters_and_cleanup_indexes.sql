ALTER TABLE outbox_messages ADD COLUMN dead_lettered_at TIMESTAMPTZ NULL;
ALTER TABLE outbox_messages ADD COLUMN last_error VARCHAR(2000) NULL;

-- The claim reads only pending rows; the mark and the release go by primary key.
DROP INDEX ix_outbox_messages_unsent;
CREATE INDEX ix_outbox_messages_pending ON outbox_messages (id) INCLUDE (locked_until) WHERE sent_at IS NULL AND dead_lettered_at IS NULL;
CREATE INDEX ix_outbox_messages_sent_at ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX ix_outbox_messages_dead_lettered ON outbox_messages (id) WHERE dead_lettered_at IS NOT NULL;

CREATE INDEX ix_inbox_messages_processed_at ON inbox_messages (processed_at);
