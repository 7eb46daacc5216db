-- Single-use respondent tokens, one row each: only the token's hash, the role it answers as, the answers
-- saved so far and days (never instants) of saving and submitting. Nothing about the person.
CREATE TABLE respondents (
    token_hash TEXT NOT NULL PRIMARY KEY,
    scan_id TEXT NOT NULL REFERENCES scans (id),
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    answers TEXT NULL,
    invited_on TEXT NOT NULL,
    saved_on TEXT NULL,
    submitted_on TEXT NULL
);

CREATE INDEX ix_respondents_scan ON respondents (scan_id, role, status);

-- A team-level scan's anonymous team label, the hash of the result token handed out at completion, and
-- the ScanCompletedV2 it published, so a replay publishes exactly that again.
ALTER TABLE scans ADD COLUMN team TEXT NULL;
ALTER TABLE scans ADD COLUMN completed_event TEXT NULL;
ALTER TABLE scans ADD COLUMN result_token_hash TEXT NULL;

-- Instrument versions uploaded by admins and the shipped ones, as published: a published version never changes.
CREATE TABLE instrument_definitions (
    instrument_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    definition TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    PRIMARY KEY (instrument_key, version)
);
