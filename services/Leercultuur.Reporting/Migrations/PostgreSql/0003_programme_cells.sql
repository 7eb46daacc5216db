-- The programmes an organisation belonged to when its scan completed, comma-separated, so its
-- contribution can be taken out of exactly the programme cells it was added to.
ALTER TABLE contributions ADD COLUMN programme_ids VARCHAR(4000) NOT NULL DEFAULT '';

-- Programme cells: a family of their own, keyed by programme first. National figures never come from here.
CREATE TABLE programme_cells (
    programme_id UUID NOT NULL,
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
    PRIMARY KEY (programme_id, instrument_key, period, instrument_version, dimension, sbi_version, sector_section, size_class, province)
);
