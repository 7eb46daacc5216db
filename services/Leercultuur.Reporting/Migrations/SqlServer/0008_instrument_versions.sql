-- What each instrument version declares it continues (from ScanCompletedV2.ComparableTo): the earlier
-- version and, as JSON, this version's dimension key -> that version's. Observations and trends combine
-- a dimension across versions only along these declarations.
CREATE TABLE instrument_versions (
    instrument_key NVARCHAR(100) NOT NULL,
    instrument_version INT NOT NULL,
    comparable_to INT NOT NULL,
    dimensions NVARCHAR(MAX) NOT NULL,
    CONSTRAINT pk_instrument_versions PRIMARY KEY (instrument_key, instrument_version)
);
