-- Per-role figures: the facts keep each role's scores (roles with fewer than three respondents never
-- leave the scan service), and observations gain a role column ('_T': all respondents) in their key.
-- Facts from before keep '{}' and give no role rows until they are replayed. SQLite cannot change a
-- primary key, so observations are copied into a table with the new one.
ALTER TABLE team_facts ADD COLUMN roles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE contributions ADD COLUMN roles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE year_contributions ADD COLUMN roles TEXT NOT NULL DEFAULT '{}';

CREATE TABLE observations_with_roles (
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    dimension TEXT NOT NULL,
    role TEXT NOT NULL,
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
    PRIMARY KEY (instrument_key, instrument_version, period, dimension, role, programme, sector_view, sector, size_class, province)
);

INSERT INTO observations_with_roles
    (instrument_key, instrument_version, period, dimension, role, programme, sector_view, sector, size_class, province, status, reason,
     organisations, respondents, mean, standard_deviation, ci_lower, ci_upper, median, p25, p75, changed_at)
SELECT instrument_key, instrument_version, period, dimension, '_T', programme, sector_view, sector, size_class, province, status, reason,
     organisations, respondents, mean, standard_deviation, ci_lower, ci_upper, median, p25, p75, changed_at
FROM observations;

DROP TABLE observations;
ALTER TABLE observations_with_roles RENAME TO observations;
CREATE INDEX ix_observations_changed ON observations (instrument_key, changed_at);
