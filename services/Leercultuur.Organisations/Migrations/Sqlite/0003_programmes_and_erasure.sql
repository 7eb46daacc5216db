CREATE TABLE programmes (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NULL,
    sbi_sections TEXT NOT NULL,
    webhook_url TEXT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE UNIQUE INDEX ux_programmes_name ON programmes (name);

CREATE TABLE programme_members (
    programme_id TEXT NOT NULL REFERENCES programmes (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (programme_id, organisation_id)
);

CREATE INDEX ix_programme_members_organisation ON programme_members (organisation_id);

-- Erased organisations, by id and with the programmes they belonged to: enough to answer a repeated
-- erasure and to ignore late events, and nothing personal.
CREATE TABLE erased_organisations (
    organisation_id TEXT NOT NULL PRIMARY KEY,
    programme_ids TEXT NOT NULL,
    erased_at TEXT NOT NULL
);

-- The list's filters.
CREATE INDEX ix_organisations_sector ON organisations (sbi_version, sbi_section, registered_at, id);
CREATE INDEX ix_organisations_province ON organisations (province, registered_at, id);
CREATE INDEX ix_organisations_size_class ON organisations (size_class, registered_at, id);
