-- Names are limited in code points (as JSON Schema's maxLength counts: 200 for a name, 2000 for a
-- description), but NVARCHAR counts UTF-16 units, and a character outside the Basic Multilingual Plane
-- takes two. Twice the room, so that every text the API accepts fits; the API keeps the limit.
-- (PostgreSQL's VARCHAR counts characters and SQLite does not limit, so only SQL Server changes.)
DROP INDEX ux_programmes_name ON programmes;
ALTER TABLE programmes ALTER COLUMN name NVARCHAR(400) NOT NULL;
ALTER TABLE programmes ALTER COLUMN description NVARCHAR(4000) NULL;
CREATE UNIQUE INDEX ux_programmes_name ON programmes (name);
ALTER TABLE organisations ALTER COLUMN name NVARCHAR(400) NOT NULL;
