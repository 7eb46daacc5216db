-- The programmes an organisation belonged to when its scan completed, comma-separated, so its
-- contribution can be taken out of exactly the programme cells it was added to.
ALTER TABLE contributions ADD COLUMN programme_ids TEXT NOT NULL DEFAULT '';

-- Programme cells: a family of their own, keyed by programme first. National figures never come from here.
CREATE TABLE programme_cells (
    programme_id TEXT NOT NULL,
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    period TEXT NOT NULL,
    sbi_version INTEGER NOT NULL,
    sector_section TEXT NOT NULL,
    size_class TEXT NOT NULL,
    province TEXT NOT NULL,
    organisations INTEGER NOT NULL,
    respondents INTEGER NOT NULL,
    sum_of_means REAL NOT NULL,
    sum_of_squares REAL NOT NULL,
    PRIMARY KEY (programme_id, instrument_key, period, instrument_version, dimension, sbi_version, sector_section, size_class, province)
);
