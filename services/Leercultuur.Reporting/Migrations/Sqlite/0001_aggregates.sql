CREATE TABLE contributions (
    organisation_id TEXT NOT NULL,
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    scan_id TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    sbi_version INTEGER NOT NULL,
    sector_section TEXT NOT NULL,
    size_class TEXT NOT NULL,
    province TEXT NOT NULL,
    respondent_count INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    scores TEXT NOT NULL,
    PRIMARY KEY (organisation_id, instrument_key, instrument_version, period)
);

CREATE TABLE aggregate_cells (
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
    PRIMARY KEY (instrument_key, period, instrument_version, dimension, sbi_version, sector_section, size_class, province)
);
