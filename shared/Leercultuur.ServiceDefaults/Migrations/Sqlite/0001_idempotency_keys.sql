-- The first answer to each (caller, operation, Idempotency-Key), to give it again to a repeat.
CREATE TABLE idempotency_keys (
    caller TEXT NOT NULL,
    operation TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NULL,
    location TEXT NULL,
    content_type TEXT NULL,
    body TEXT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (caller, operation, idempotency_key)
);

CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
