-- Per-project threat response policies, and responses in Arena's own scope (project 0).

-- Every version of a project's own policy set (JSON of the policies file's shape), who stored it and when:
-- the newest is in force, the older ones are its audit trail. A project without a row uses the built-in
-- set. Two replacements of the same version race on the primary key, and the second is refused. Project 0,
-- Arena's own scope, has a set too and no projects row: like the threat tables of V6, no foreign key to
-- projects; deleting a project removes its rows through the ProjectDeleted event.
CREATE TABLE threat_policies (
    project_id BIGINT                   NOT NULL,
    version    INT                      NOT NULL,
    document   VARCHAR(1048576)         NOT NULL,
    created_by BIGINT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT threat_policies_pk PRIMARY KEY (project_id, version)
);

-- Blocks and responses of project 0 as well: the block list and the audit of responses (V7) lose their
-- foreign key to projects, and go with their project through the ProjectDeleted event instead. That key has
-- no name of its own to drop on both databases, so each table is rebuilt: created anew, copied, the old one
-- dropped (with its key, constraints and indexes), renamed, its constraints and indexes made again.
CREATE TABLE threat_blocks_v15 (
    id          BIGINT                   NOT NULL,
    project_id  BIGINT                   NOT NULL,
    cidr        VARCHAR(50)              NOT NULL,
    reason      VARCHAR(500)             NOT NULL,
    created_by  BIGINT,
    policy      VARCHAR(100),
    session_id  BIGINT,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lifted_at   TIMESTAMP WITH TIME ZONE,
    lifted_by   BIGINT,
    active_key  VARCHAR(80),
    CONSTRAINT threat_blocks_pk PRIMARY KEY (id)
);
INSERT INTO threat_blocks_v15 (id, project_id, cidr, reason, created_by, policy, session_id, created_at, expires_at, lifted_at,
                               lifted_by, active_key)
SELECT id, project_id, cidr, reason, created_by, policy, session_id, created_at, expires_at, lifted_at, lifted_by, active_key
FROM threat_blocks;
DROP TABLE threat_blocks;
ALTER TABLE threat_blocks_v15 RENAME TO threat_blocks;
ALTER TABLE threat_blocks ADD CONSTRAINT threat_blocks_active_unique UNIQUE (active_key);
CREATE INDEX threat_blocks_by_project ON threat_blocks (project_id, id);
CREATE INDEX threat_blocks_by_range ON threat_blocks (project_id, cidr);
CREATE INDEX threat_blocks_by_expiry ON threat_blocks (expires_at);

-- policy_set: which set the policy came from, 'built-in' or 'project' (the project's own, of policy_version).
CREATE TABLE threat_responses_v15 (
    id               BIGINT                   NOT NULL,
    project_id       BIGINT                   NOT NULL,
    session_id       BIGINT                   NOT NULL,
    policy           VARCHAR(100)             NOT NULL,
    policy_set       VARCHAR(10)              NOT NULL,
    policy_version   INT                      NOT NULL,
    action           VARCHAR(20)              NOT NULL,
    outcome          VARCHAR(20)              NOT NULL,
    rule             VARCHAR(500)             NOT NULL,
    score            DOUBLE PRECISION         NOT NULL,
    techniques       VARCHAR(1000)            NOT NULL,
    source_ip        VARCHAR(45)              NOT NULL,
    offender_user_id BIGINT,
    block_id         BIGINT,
    expires_at       TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT threat_responses_pk PRIMARY KEY (id)
);
INSERT INTO threat_responses_v15 (id, project_id, session_id, policy, policy_set, policy_version, action, outcome, rule, score,
                                  techniques, source_ip, offender_user_id, block_id, expires_at, created_at)
SELECT id, project_id, session_id, policy, 'built-in', policy_version, action, outcome, rule, score, techniques, source_ip,
       offender_user_id, block_id, expires_at, created_at
FROM threat_responses;
DROP TABLE threat_responses;
ALTER TABLE threat_responses_v15 RENAME TO threat_responses;
ALTER TABLE threat_responses ADD CONSTRAINT threat_responses_once UNIQUE (session_id, policy);
CREATE INDEX threat_responses_by_project ON threat_responses (project_id, id);
