-- What each instrument version declares it continues (from ScanCompletedV2.ComparableTo): the earlier
-- version and, as JSON, this version's dimension key -> that version's. Observations and trends combine
-- a dimension across versions only along these declarations.
CREATE TABLE instrument_versions (
    instrument_key TEXT NOT NULL,
    instrument_version INTEGER NOT NULL,
    comparable_to INTEGER NOT NULL,
    dimensions TEXT NOT NULL,
    PRIMARY KEY (instrument_key, instrument_version)
);
