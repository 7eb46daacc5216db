-- The first answer to each (caller, operation, Idempotency-Key), to give it again to a repeat.
CREATE TABLE idempotency_keys (
    caller NVARCHAR(200) NOT NULL,
    operation VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    request_hash CHAR(64) NOT NULL,
    status_code INT NULL,
    location NVARCHAR(500) NULL,
    content_type VARCHAR(200) NULL,
    body NVARCHAR(MAX) NULL,
    created_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (caller, operation, idempotency_key)
);

CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
