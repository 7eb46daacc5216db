CREATE TABLE organisations (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    kvk_number TEXT NOT NULL UNIQUE,
    sbi_version INTEGER NOT NULL,
    sbi_code TEXT NOT NULL,
    sbi_section TEXT NOT NULL,
    sbi_section_name TEXT NOT NULL,
    employees INTEGER NOT NULL,
    size_class TEXT NOT NULL,
    province TEXT NOT NULL,
    registered_at TEXT NOT NULL
);

CREATE INDEX ix_organisations_registered_at ON organisations (registered_at, id);
