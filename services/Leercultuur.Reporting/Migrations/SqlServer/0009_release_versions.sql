-- A release pools the comparable versions of an instrument scanned in its period (one release per
-- version family: a version joins the family of the version it declares comparable). Which versions the
-- release's organisations scanned with, comma-separated; NULL for releases made before pooling: their
-- own version.
ALTER TABLE releases ADD versions NVARCHAR(200) NULL;
