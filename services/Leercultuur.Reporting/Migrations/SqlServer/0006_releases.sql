-- Releases: what the API shows comes from released observations, computed from the facts under
-- disclosure control for a whole table family at once (docs/disclosure-control.md). The facts keep
-- the SBI code (for the SBI 2008 -> 2025 correspondence) and the 0-100 scores (for the histograms
-- that give medians and quartiles).
ALTER TABLE team_facts ADD sbi_code NVARCHAR(10) NOT NULL CONSTRAINT df_team_facts_sbi_code DEFAULT '';
ALTER TABLE team_facts ADD scores100 NVARCHAR(MAX) NOT NULL CONSTRAINT df_team_facts_scores100 DEFAULT '{}';
ALTER TABLE contributions ADD sbi_code NVARCHAR(10) NOT NULL CONSTRAINT df_contributions_sbi_code DEFAULT '';
ALTER TABLE contributions ADD scores100 NVARCHAR(MAX) NOT NULL CONSTRAINT df_contributions_scores100 DEFAULT '{}';
ALTER TABLE year_contributions ADD sbi_code NVARCHAR(10) NOT NULL CONSTRAINT df_year_contributions_sbi_code DEFAULT '';
ALTER TABLE year_contributions ADD scores100 NVARCHAR(MAX) NOT NULL CONSTRAINT df_year_contributions_scores100 DEFAULT '{}';

-- One row per cell the API can show: every grouping (a code or _T per dimension), both SBI views (0 for
-- a sector total), national (programme '_T') or one programme's. Only cells that ever held an
-- organisation are stored; a cell that empties keeps its row, suppressed, so updatedAfter reports it.
CREATE TABLE observations (
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period NVARCHAR(7) NOT NULL,
    dimension NVARCHAR(100) NOT NULL,
    programme NVARCHAR(36) NOT NULL,
    sector_view INT NOT NULL,
    sector NVARCHAR(2) NOT NULL,
    size_class NVARCHAR(10) NOT NULL,
    province NVARCHAR(5) NOT NULL,
    status NVARCHAR(12) NOT NULL,
    reason NVARCHAR(30) NULL,
    organisations BIGINT NULL,
    respondents BIGINT NULL,
    mean FLOAT NULL,
    standard_deviation FLOAT NULL,
    ci_lower FLOAT NULL,
    ci_upper FLOAT NULL,
    median FLOAT NULL,
    p25 FLOAT NULL,
    p75 FLOAT NULL,
    changed_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT pk_observations PRIMARY KEY (instrument_key, instrument_version, period, dimension, programme, sector_view, sector, size_class, province)
);

CREATE INDEX ix_observations_changed ON observations (instrument_key, changed_at);

-- The latest release of each (instrument, version, period), and a revision held back when it would
-- change a shown figure by fewer than k organisations or hide it.
CREATE TABLE releases (
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period NVARCHAR(7) NOT NULL,
    revision INT NOT NULL,
    released_at DATETIMEOFFSET NOT NULL,
    held_since DATETIMEOFFSET NULL,
    held_reason NVARCHAR(400) NULL,
    CONSTRAINT pk_releases PRIMARY KEY (instrument_key, instrument_version, period)
);

-- Who a release was made of (where each organisation sat, a fingerprint of its figures): the next
-- revision counts per cell how many organisations changed.
CREATE TABLE release_members (
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period NVARCHAR(7) NOT NULL,
    organisation_id UNIQUEIDENTIFIER NOT NULL,
    atom NVARCHAR(30) NOT NULL,
    fingerprint NVARCHAR(64) NOT NULL,
    programme_ids NVARCHAR(MAX) NOT NULL,
    CONSTRAINT pk_release_members PRIMARY KEY (instrument_key, instrument_version, period, organisation_id)
);

-- Periods whose facts changed since their last release, marked in the ingest's own transaction.
CREATE TABLE release_queue (
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period NVARCHAR(7) NOT NULL,
    changed_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT pk_release_queue PRIMARY KEY (instrument_key, instrument_version, period)
);
