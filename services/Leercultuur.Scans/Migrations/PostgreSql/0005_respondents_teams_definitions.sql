-- Hashes are VARCHAR, not CHAR: a text parameter compared with a CHAR column casts the column and
-- skips its index.
-- Single-use respondent tokens, one row each: only the token's hash, the role it answers as, the answers
-- saved so far and days (never instants) of saving and submitting. Nothing about the person.
CREATE TABLE respondents (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    scan_id UUID NOT NULL REFERENCES scans (id),
    role VARCHAR(100) NOT NULL,
    status VARCHAR(20) NOT NULL,
    answers TEXT NULL,
    invited_on VARCHAR(10) NOT NULL,
    saved_on VARCHAR(10) NULL,
    submitted_on VARCHAR(10) NULL
);

CREATE INDEX ix_respondents_scan ON respondents (scan_id, role, status);

-- A team-level scan's anonymous team label, the hash of the result token handed out at completion, and
-- the ScanCompletedV2 it published, so a replay publishes exactly that again.
ALTER TABLE scans ADD COLUMN team VARCHAR(100) NULL;
ALTER TABLE scans ADD COLUMN completed_event TEXT NULL;
ALTER TABLE scans ADD COLUMN result_token_hash VARCHAR(64) NULL;

-- Instrument versions uploaded by admins and the shipped ones, as published: a published version never changes.
CREATE TABLE instrument_definitions (
    instrument_key VARCHAR(100) NOT NULL,
    version INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    definition TEXT NOT NULL,
    stored_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instrument_key, version)
);
