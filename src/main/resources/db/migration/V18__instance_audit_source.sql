-- Where each instance action came from (console, api, discord, schedule or arena), for the console's one
-- audit view; rows from before this migration were not told and read as arena. Paged by id, newest first.
ALTER TABLE instance_audit ADD COLUMN source VARCHAR(10) DEFAULT 'arena' NOT NULL;
CREATE INDEX instance_audit_by_project_id ON instance_audit (project_id, id);
