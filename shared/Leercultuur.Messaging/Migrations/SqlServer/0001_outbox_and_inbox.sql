CREATE TABLE outbox_messages (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_outbox_messages PRIMARY KEY,
    message_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT uq_outbox_messages_message_id UNIQUE,
    message_type NVARCHAR(200) NOT NULL,
    body NVARCHAR(MAX) NOT NULL,
    trace_parent VARCHAR(55) NULL,
    trace_state VARCHAR(512) NULL,
    created_at DATETIMEOFFSET NOT NULL,
    attempts INT NOT NULL CONSTRAINT df_outbox_messages_attempts DEFAULT 0,
    locked_by NVARCHAR(64) NULL,
    locked_until DATETIMEOFFSET NULL,
    sent_at DATETIMEOFFSET NULL
);

CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL;

CREATE TABLE inbox_messages (
    message_id UNIQUEIDENTIFIER NOT NULL,
    consumer NVARCHAR(200) NOT NULL,
    processed_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT pk_inbox_messages PRIMARY KEY (message_id, consumer)
);
