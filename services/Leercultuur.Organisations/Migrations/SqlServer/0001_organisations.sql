CREATE TABLE organisations (
    id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_organisations PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    kvk_number CHAR(8) NOT NULL CONSTRAINT uq_organisations_kvk_number UNIQUE,
    sbi_version INT NOT NULL,
    sbi_code VARCHAR(5) NOT NULL,
    sbi_section VARCHAR(1) NOT NULL,
    sbi_section_name NVARCHAR(200) NOT NULL,
    employees INT NOT NULL,
    size_class VARCHAR(10) NOT NULL,
    province VARCHAR(5) NOT NULL,
    registered_at DATETIMEOFFSET NOT NULL
);

CREATE INDEX ix_organisations_registered_at ON organisations (registered_at, id);
