-- SQL Server widens its name columns here (NVARCHAR counts UTF-16 units, the API counts code points).
-- This engine already counts characters (PostgreSQL) or does not limit them (SQLite): nothing to change.
SELECT 1;
