CREATE TABLE programmes (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_programmes PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    description NVARCHAR(2000) NULL,
    sbi_sections VARCHAR(100) NOT NULL,
    webhook_url NVARCHAR(500) NULL,
    created_at DATETIMEOFFSET NOT NULL,
    version BIGINT NOT NULL
);

CREATE UNIQUE INDEX ux_programmes_name ON programmes (name);

CREATE TABLE programme_members (
    programme_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_programme_members_programme REFERENCES programmes (id),
    organisation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_programme_members_organisation REFERENCES organisations (id) ON DELETE CASCADE,
    joined_at DATETIMEOFFSET NOT NULL,
    CONSTRAINT pk_programme_members PRIMARY KEY (programme_id, organisation_id)
);

CREATE INDEX ix_programme_members_organisation ON programme_members (organisation_id);

-- Erased organisations, by id and with the programmes they belonged to: enough to answer a repeated
-- erasure and to ignore late events, and nothing personal.
CREATE TABLE erased_organisations (
    organisation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_erased_organisations PRIMARY KEY,
    programme_ids VARCHAR(4000) NOT NULL,
    erased_at DATETIMEOFFSET NOT NULL
);

-- The list's filters.
CREATE INDEX ix_organisations_sector ON organisations (sbi_version, sbi_section, registered_at, id);
CREATE INDEX ix_organisations_province ON organisations (province, registered_at, id);
CREATE INDEX ix_organisations_size_class ON organisations (size_class, registered_at, id);
