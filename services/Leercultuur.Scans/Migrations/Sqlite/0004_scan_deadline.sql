-- An optional deadline: at it, a scan with enough respondents is completed and one without expires.
ALTER TABLE scans ADD COLUMN deadline TEXT NULL;
CREATE INDEX ix_scans_open_deadline ON scans (status, deadline);
