-- Per-role figures: the facts keep each role's scores (roles with fewer than three respondents never
-- leave the scan service), and observations gain a role column ('_T': all respondents) in their key.
-- Facts from before keep '{}' and give no role rows until they are replayed.
ALTER TABLE team_facts ADD COLUMN roles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE contributions ADD COLUMN roles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE year_contributions ADD COLUMN roles TEXT NOT NULL DEFAULT '{}';

ALTER TABLE observations ADD COLUMN role VARCHAR(100) NOT NULL DEFAULT '_T';
ALTER TABLE observations DROP CONSTRAINT observations_pkey;
ALTER TABLE observations ADD PRIMARY KEY (instrument_key, instrument_version, period, dimension, role, programme, sector_view, sector, size_class, province);
