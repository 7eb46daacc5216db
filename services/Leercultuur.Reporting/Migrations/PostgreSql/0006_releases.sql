-- Releases: what the API shows comes from released observations, computed from the facts under
-- disclosure control for a whole table family at once (docs/disclosure-control.md). The facts keep
-- the SBI code (for the SBI 2008 -> 2025 correspondence) and the 0-100 scores (for the histograms
-- that give medians and quartiles).
ALTER TABLE team_facts ADD COLUMN sbi_code VARCHAR(10) NOT NULL DEFAULT '';
ALTER TABLE team_facts ADD COLUMN scores100 TEXT NOT NULL DEFAULT '{}';
ALTER TABLE contributions ADD COLUMN sbi_code VARCHAR(10) NOT NULL DEFAULT '';
ALTER TABLE contributions ADD COLUMN scores100 TEXT NOT NULL DEFAULT '{}';
ALTER TABLE year_contributions ADD COLUMN sbi_code VARCHAR(10) NOT NULL DEFAULT '';
ALTER TABLE year_contributions ADD COLUMN scores100 TEXT NOT NULL DEFAULT '{}';

-- One row per cell the API can show: every grouping (a code or _T per dimension), both SBI views (0 for
-- a sector total), national (programme '_T') or one programme's. Only cells that ever held an
-- organisation are stored; a cell that empties keeps its row, suppressed, so updatedAfter reports it.
CREATE TABLE observations (
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    dimension VARCHAR(100) NOT NULL,
    programme VARCHAR(36) NOT NULL,
    sector_view INTEGER NOT NULL,
    sector VARCHAR(2) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    status VARCHAR(12) NOT NULL,
    reason VARCHAR(30) NULL,
    organisations BIGINT NULL,
    respondents BIGINT NULL,
    mean DOUBLE PRECISION NULL,
    standard_deviation DOUBLE PRECISION NULL,
    ci_lower DOUBLE PRECISION NULL,
    ci_upper DOUBLE PRECISION NULL,
    median DOUBLE PRECISION NULL,
    p25 DOUBLE PRECISION NULL,
    p75 DOUBLE PRECISION NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period, dimension, programme, sector_view, sector, size_class, province)
);

CREATE INDEX ix_observations_changed ON observations (instrument_key, changed_at);

-- The latest release of each (instrument, version, period), and a revision held back when it would
-- change a shown figure by fewer than k organisations or hide it.
CREATE TABLE releases (
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    revision INTEGER NOT NULL,
    released_at TIMESTAMPTZ NOT NULL,
    held_since TIMESTAMPTZ NULL,
    held_reason VARCHAR(400) NULL,
    PRIMARY KEY (instrument_key, instrument_version, period)
);

-- Who a release was made of (where each organisation sat, a fingerprint of its figures): the next
-- revision counts per cell how many organisations changed.
CREATE TABLE release_members (
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    organisation_id UUID NOT NULL,
    atom VARCHAR(30) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    programme_ids TEXT NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period, organisation_id)
);

-- Periods whose facts changed since their last release, marked in the ingest's own transaction.
CREATE TABLE release_queue (
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period)
);
