-- The version of the organisation the replica holds. An event is applied only when it is newer, so a
-- late older event never overwrites a newer copy. Rows so far came from registrations: version 1.
ALTER TABLE organisation_replicas ADD version BIGINT NOT NULL CONSTRAINT df_organisation_replicas_version DEFAULT 1;
