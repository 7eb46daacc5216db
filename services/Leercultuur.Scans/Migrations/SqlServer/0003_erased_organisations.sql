-- Erased organisations, by id only: a late event about one of them is ignored, never brought back.
CREATE TABLE erased_organisations (
    organisation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_erased_organisations PRIMARY KEY,
    erased_at DATETIMEOFFSET NOT NULL
);
