CREATE TABLE contributions (
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
    PRIMARY KEY (organisation_id, instrument_key, instrument_version, period)
);

CREATE TABLE aggregate_cells (
    instrument_key VARCHAR(100) NOT NULL,
    instrument_version INTEGER NOT NULL,
    dimension VARCHAR(100) NOT NULL,
    period VARCHAR(7) NOT NULL,
    sbi_version INTEGER NOT NULL,
    sector_section VARCHAR(1) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    organisations BIGINT NOT NULL,
    respondents BIGINT NOT NULL,
    sum_of_means DOUBLE PRECISION NOT NULL,
    sum_of_squares DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (instrument_key, period, instrument_version, dimension, sbi_version, sector_section, size_class, province)
);
