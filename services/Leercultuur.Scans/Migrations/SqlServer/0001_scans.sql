CREATE TABLE organisation_replicas (
    organisation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_organisation_replicas PRIMARY KEY,
    sbi_version INT NOT NULL,
    sbi_code VARCHAR(5) NOT NULL,
    sbi_section VARCHAR(1) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    programme_ids NVARCHAR(MAX) NOT NULL,
    registered_at DATETIMEOFFSET NOT NULL
);

CREATE TABLE scans (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_scans PRIMARY KEY,
    organisation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_scans_organisation REFERENCES organisation_replicas (organisation_id),
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period VARCHAR(7) NOT NULL,
    respondent_token_hash CHAR(64) NOT NULL,
    status VARCHAR(20) NOT NULL,
    response_count INT NOT NULL,
    created_at DATETIMEOFFSET NOT NULL,
    completed_at DATETIMEOFFSET NULL,
    scores NVARCHAR(MAX) NULL
);

CREATE INDEX ix_scans_organisation ON scans (organisation_id, instrument_key, period);

CREATE TABLE scan_responses (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_scan_responses PRIMARY KEY,
    scan_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_scan_responses_scan REFERENCES scans (id),
    answers NVARCHAR(MAX) NOT NULL,
    submitted_at DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_scan_responses_scan ON scan_responses (scan_id);
