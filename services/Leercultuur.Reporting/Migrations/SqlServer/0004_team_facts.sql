-- What each scan of an organisation says, per team: a team-level instrument is answered per team, and an
-- organisation's team scans of one period together make its one contribution (respondent-weighted), so
-- cells still count organisations. A scan without a team label is the team ''. source says what the
-- fact came from: 1 ScanCompleted v1, 2 ScanCompleted v2, 9 a withdrawal (a marker that counts nowhere);
-- the same scan's fact is replaced only by one from a higher source.
-- Team labels compare exactly (a binary collation), as they do on PostgreSQL and SQLite.
CREATE TABLE team_facts (
    organisation_id UNIQUEIDENTIFIER NOT NULL,
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period NVARCHAR(7) NOT NULL,
    team NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    scan_id UNIQUEIDENTIFIER NOT NULL,
    completed_at DATETIMEOFFSET NOT NULL,
    source INT NOT NULL,
    sbi_version INT NOT NULL,
    sector_section NVARCHAR(1) NOT NULL,
    size_class NVARCHAR(10) NOT NULL,
    province NVARCHAR(5) NOT NULL,
    respondent_count INT NOT NULL,
    scores NVARCHAR(MAX) NOT NULL,
    -- Dimension → respondents it rests on (a dimension some roles do not answer rests on fewer); '{}' means all.
    dimension_respondents NVARCHAR(MAX) NOT NULL,
    programme_ids NVARCHAR(MAX) NOT NULL,
    CONSTRAINT pk_team_facts PRIMARY KEY (organisation_id, instrument_key, instrument_version, period, team)
);

-- Every fact so far was one role-less scan of the team ''. A withdrawal marker is the one uncounted fact without respondents.
INSERT INTO team_facts (organisation_id, instrument_key, instrument_version, period, team, scan_id, completed_at, source, sbi_version, sector_section, size_class, province, respondent_count, scores, dimension_respondents, programme_ids)
SELECT organisation_id, instrument_key, instrument_version, period, '', scan_id, completed_at,
       CASE WHEN counted = 0 AND respondent_count = 0 THEN 9 ELSE 1 END,
       sbi_version, sector_section, size_class, province, respondent_count, scores, '{}', programme_ids
FROM contributions;
