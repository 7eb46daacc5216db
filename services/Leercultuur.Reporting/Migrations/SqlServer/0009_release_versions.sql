-- A release pools the comparable versions of an instrument scanned in its period (one release per
-- version family: a version joins the family of the version it declares comparable). Which versions the
-- release's organisations scanned with, comma-separated; NULL for releases made before pooling: their
-- own version.
ALTER TABLE releases ADD versions NVARCHAR(200) NULL;

-- A release reads a period's contributions and team facts by (instrument, version, period); their keys
-- start with the organisation, so without these each release read the whole table.
CREATE INDEX ix_contributions_period ON contributions (instrument_key, instrument_version, period);
CREATE INDEX ix_year_contributions_period ON year_contributions (instrument_key, instrument_version, period);
CREATE INDEX ix_team_facts_period ON team_facts (instrument_key, instrument_version, period);

-- Whether a version's declaration applies: 1 when it was recorded before any fact of the version (every
-- declaration since declarations are recorded ahead of their batch); 0 for one that arrived late.
ALTER TABLE instrument_versions ADD applied INT NOT NULL CONSTRAINT df_instrument_versions_applied DEFAULT 1;
