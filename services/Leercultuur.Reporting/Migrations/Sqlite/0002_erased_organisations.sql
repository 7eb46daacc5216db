-- Erased organisations, by id only: a late event about one of them is ignored, never brought back.
CREATE TABLE erased_organisations (
    organisation_id TEXT NOT NULL PRIMARY KEY,
    erased_at TEXT NOT NULL
);
