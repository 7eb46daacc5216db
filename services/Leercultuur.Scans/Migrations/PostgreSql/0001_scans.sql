CREATE TABLE organisation_replicas (
    organisation_id UUID NOT NULL PRIMARY KEY,
    sbi_version INTEGER NOT NULL,
    sbi_code VARCHAR(5) NOT NULL,
    sbi_section VARCHAR(1) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    programme_ids TEXT NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE scans (
    id UUID NOT NULL PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisation_replicas (organisation_id),
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    respondent_token_hash CHAR(64) NOT NULL,
    status VARCHAR(20) NOT NULL,
    response_count INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ NULL,
    scores TEXT NULL
);

CREATE INDEX ix_scans_organisation ON scans (organisation_id, instrument_key, period);

CREATE TABLE scan_responses (
    id UUID NOT NULL PRIMARY KEY,
    scan_id UUID NOT NULL REFERENCES scans (id),
    answers TEXT NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_scan_responses_scan ON scan_responses (scan_id);
