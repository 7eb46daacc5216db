-- Releases: what the API shows comes from released observations, computed from the facts under
-- disclosure control for a whole table family at once (docs/disclosure-control.md). The facts keep
-- the SBI code (for the SBI 2008 -> 2025 correspondence) and the 0-100 scores (for the histograms
-- that give medians and quartiles).
ALTER TABLE team_facts ADD COLUMN sbi_code TEXT NOT NULL DEFAULT '';
ALTER TABLE team_facts ADD COLUMN scores100 TEXT NOT NULL DEFAULT '{}';
ALTER TABLE contributions ADD COLUMN sbi_code TEXT NOT NULL DEFAULT '';
ALTER TABLE contributions ADD COLUMN scores100 TEXT NOT NULL DEFAULT '{}';
ALTER TABLE year_contributions ADD COLUMN sbi_code TEXT NOT NULL DEFAULT '';
ALTER TABLE year_contributions ADD COLUMN scores100 TEXT NOT NULL DEFAULT '{}';

-- One row per cell the API can show: every grouping (a code or _T per dimension), both SBI views (0 for
-- a sector total), national (programme '_T') or one programme's. Only cells that ever held an
-- organisation are stored; a cell that empties keeps its row, suppressed, so updatedAfter reports it.
CREATE TABLE observations (
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    programme TEXT NOT NULL,
    sector_view INTEGER NOT NULL,
    sector TEXT NOT NULL,
    size_class TEXT NOT NULL,
    province TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NULL,
    organisations INTEGER NULL,
    respondents INTEGER NULL,
    mean REAL NULL,
    standard_deviation REAL NULL,
    ci_lower REAL NULL,
    ci_upper REAL NULL,
    median REAL NULL,
    p25 REAL NULL,
    p75 REAL NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period, dimension, programme, sector_view, sector, size_class, province)
);

CREATE INDEX ix_observations_changed ON observations (instrument_key, changed_at);

-- The latest release of each (instrument, version, period), and a revision held back when it would
-- change a shown figure by fewer than k organisations or hide it.
CREATE TABLE releases (
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    revision INTEGER NOT NULL,
    released_at TEXT NOT NULL,
    held_since TEXT NULL,
    held_reason TEXT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period)
);

-- Who a release was made of (where each organisation sat, a fingerprint of its figures): the next
-- revision counts per cell how many organisations changed.
CREATE TABLE release_members (
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    atom TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    programme_ids TEXT NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period, organisation_id)
);

-- Periods whose facts changed since their last release, marked in the ingest's own transaction.
CREATE TABLE release_queue (
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version, period)
);
