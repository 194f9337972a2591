-- Per-project threat response policies.

-- Every version of a project's own policy set (JSON of the policies file's shape), who stored it and when:
-- the newest is in force, the older ones are its audit trail. A project without a row uses the built-in
-- set. Two replacements of the same version race on the primary key, and the second is refused. Like the
-- threat tables of V6, no foreign key to projects: deleting a project removes its rows through the
-- ProjectDeleted event.
CREATE TABLE threat_policies (
    project_id BIGINT                   NOT NULL,
    version    INT                      NOT NULL,
    document   VARCHAR(1048576)         NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT threat_policies_pk PRIMARY KEY (project_id, version)
);

-- Which set a response's policy came from: 'built-in' or 'project' (its own, of policy_version).
ALTER TABLE threat_responses ADD COLUMN policy_set VARCHAR(10) DEFAULT 'built-in' NOT NULL;
