-- Hashes are NVARCHAR like the parameters SqlClient sends, so a lookup seeks the index; team labels
-- compare exactly (binary collation), as on the other engines.
-- Single-use respondent tokens, one row each: only the token's hash, the role it answers as, the answers
-- saved so far and days (never instants) of saving and submitting. Nothing about the person.
CREATE TABLE respondents (
    token_hash NVARCHAR(64) NOT NULL CONSTRAINT pk_respondents PRIMARY KEY,
    scan_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_respondents_scan REFERENCES scans (id),
    role NVARCHAR(100) NOT NULL,
    status VARCHAR(20) NOT NULL,
    answers NVARCHAR(MAX) NULL,
    invited_on VARCHAR(10) NOT NULL,
    saved_on VARCHAR(10) NULL,
    submitted_on VARCHAR(10) NULL
);

CREATE INDEX ix_respondents_scan ON respondents (scan_id, role, status);

-- A team-level scan's anonymous team label, the hash of the result token handed out at completion, and
-- the ScanCompletedV2 it published, so a replay publishes exactly that again.
ALTER TABLE scans ADD team NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NULL, result_token_hash NVARCHAR(64) NULL, completed_event NVARCHAR(MAX) NULL;

-- Instrument versions uploaded by admins and the shipped ones, as published: a published version never changes.
CREATE TABLE instrument_definitions (
    instrument_key NVARCHAR(100) NOT NULL,
    version INT NOT NULL,
    status VARCHAR(20) NOT NULL,
    definition NVARCHAR(MAX) NOT NULL,
    stored_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT pk_instrument_definitions PRIMARY KEY (instrument_key, version)
);
