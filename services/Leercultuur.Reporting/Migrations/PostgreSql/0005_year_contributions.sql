-- Year figures: an organisation counts once per year, with its latest counted scan of that year, whether
-- that scan was of the year (2026) or of one of its quarters (2026-Q3). This is the contribution chosen
-- per (organisation, instrument, version, year); the year cells are sums over these rows only, the
-- quarter cells over the quarter contributions.
CREATE TABLE year_contributions (
    organisation_id UUID NOT NULL,
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    scan_id UUID NOT NULL,
    completed_at TIMESTAMPTZ NOT NULL,
    sbi_version INTEGER NOT NULL,
    sector_section VARCHAR(1) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    respondent_count INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    scores TEXT NOT NULL,
    programme_ids TEXT NOT NULL,
    PRIMARY KEY (organisation_id, instrument_key, instrument_version, period)
);

-- Until now a year cell summed the year scans' contributions, exactly these rows. Quarter scans join
-- their year as the organisations concerned next change, or at once with a rebuild of the cells.
INSERT INTO year_contributions (organisation_id, instrument_key, instrument_version, period, scan_id, completed_at, sbi_version, sector_section, size_class, province, respondent_count, counted, scores, programme_ids)
SELECT organisation_id, instrument_key, instrument_version, period, scan_id, completed_at, sbi_version, sector_section, size_class, province, respondent_count, counted, scores, programme_ids
FROM contributions
WHERE counted = 1 AND period NOT LIKE '%-Q%';
