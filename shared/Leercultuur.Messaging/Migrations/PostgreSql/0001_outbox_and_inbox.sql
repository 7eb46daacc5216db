CREATE TABLE outbox_messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id UUID NOT NULL UNIQUE,
    message_type VARCHAR(200) NOT NULL,
    body TEXT NOT NULL,
    trace_parent VARCHAR(55) NULL,
    trace_state VARCHAR(512) NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_by VARCHAR(64) NULL,
    locked_until TIMESTAMPTZ NULL,
    sent_at TIMESTAMPTZ NULL
);

CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;

CREATE TABLE inbox_messages (
    message_id UUID NOT NULL,
    consumer VARCHAR(200) NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
