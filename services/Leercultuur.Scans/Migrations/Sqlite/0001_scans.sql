CREATE TABLE organisation_replicas (
    organisation_id TEXT NOT NULL PRIMARY KEY,
    sbi_version INTEGER NOT NULL,
    sbi_code TEXT NOT NULL,
    sbi_section TEXT NOT NULL,
    size_class TEXT NOT NULL,
    province TEXT NOT NULL,
    programme_ids TEXT NOT NULL,
    registered_at TEXT NOT NULL
);

CREATE TABLE scans (
    id TEXT NOT NULL PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisation_replicas (organisation_id),
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    respondent_token_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    response_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT NULL,
    scores TEXT NULL
);

CREATE INDEX ix_scans_organisation ON scans (organisation_id, instrument_key, period);

CREATE TABLE scan_responses (
    id TEXT NOT NULL PRIMARY KEY,
    scan_id TEXT NOT NULL REFERENCES scans (id),
    answers TEXT NOT NULL,
    submitted_at TEXT NOT NULL
);

CREATE INDEX ix_scan_responses_scan ON scan_responses (scan_id);
