CREATE TABLE organisations (
    id UUID NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    kvk_number CHAR(8) NOT NULL UNIQUE,
    sbi_version INTEGER NOT NULL,
    sbi_code VARCHAR(5) NOT NULL,
    sbi_section VARCHAR(1) NOT NULL,
    sbi_section_name VARCHAR(200) NOT NULL,
    employees INTEGER NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_organisations_registered_at ON organisations (registered_at, id);
