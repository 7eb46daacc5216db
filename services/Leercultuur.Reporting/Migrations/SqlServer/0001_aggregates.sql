CREATE TABLE contributions (
    organisation_id UNIQUEIDENTIFIER NOT NULL,
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    period VARCHAR(7) NOT NULL,
    scan_id UNIQUEIDENTIFIER NOT NULL,
    completed_at DATETIMEOFFSET NOT NULL,
    sbi_version INT NOT NULL,
    sector_section VARCHAR(1) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    respondent_count INT NOT NULL,
    counted INT NOT NULL,
    scores NVARCHAR(MAX) NOT NULL,
    CONSTRAINT pk_contributions PRIMARY KEY (organisation_id, instrument_key, instrument_version, period)
);

CREATE TABLE aggregate_cells (
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    dimension NVARCHAR(100) NOT NULL,
    period VARCHAR(7) NOT NULL,
    sbi_version INT NOT NULL,
    sector_section VARCHAR(1) NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    organisations BIGINT NOT NULL,
    respondents BIGINT NOT NULL,
    sum_of_means FLOAT NOT NULL,
    sum_of_squares FLOAT NOT NULL,
    CONSTRAINT pk_aggregate_cells PRIMARY KEY (instrument_key, period, instrument_version, dimension, sbi_version, sector_section, size_class, province)
);
