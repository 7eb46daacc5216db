-- Per-role figures: the facts keep each role's scores (roles with fewer than three respondents never
-- leave the scan service), and observations gain a role column ('_T': all respondents) in their key.
-- Facts from before keep '{}' and give no role rows until they are replayed.
ALTER TABLE team_facts ADD roles NVARCHAR(MAX) NOT NULL CONSTRAINT df_team_facts_roles DEFAULT '{}';
ALTER TABLE contributions ADD roles NVARCHAR(MAX) NOT NULL CONSTRAINT df_contributions_roles DEFAULT '{}';
ALTER TABLE year_contributions ADD roles NVARCHAR(MAX) NOT NULL CONSTRAINT df_year_contributions_roles DEFAULT '{}';
ALTER TABLE observations ADD role NVARCHAR(100) NOT NULL CONSTRAINT df_observations_role DEFAULT '_T';
GO

ALTER TABLE observations DROP CONSTRAINT pk_observations;
ALTER TABLE observations ADD CONSTRAINT pk_observations PRIMARY KEY (instrument_key, instrument_version, period, dimension, role, programme, sector_view, sector, size_class, province);
GO
