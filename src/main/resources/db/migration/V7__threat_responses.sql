-- Threat responses: the block list enforced at Arena's API, and the audit of every response a policy took.

-- A blocked address or range. active_key is '<project>:<cidr>' while the block may be in force and NULL once
-- it is lifted: its unique constraint allows one active block per project and range. An expired block
-- keeps its key until the next block of the same range clears it (expiry needs no job).
CREATE TABLE threat_blocks (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    project_id  BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
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
    CONSTRAINT threat_blocks_active_unique UNIQUE (active_key)
);
CREATE INDEX threat_blocks_by_project ON threat_blocks (project_id, id);
CREATE INDEX threat_blocks_by_range ON threat_blocks (project_id, cidr);
CREATE INDEX threat_blocks_by_expiry ON threat_blocks (expires_at);

-- What a policy did about a session, and why: at most one response per session and policy.
-- outcome: enforced, dry-run (would have been done), already-blocked (an active block covered the address).
CREATE TABLE threat_responses (
    id               BIGINT                   NOT NULL PRIMARY KEY,
    project_id       BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    session_id       BIGINT                   NOT NULL,
    policy           VARCHAR(100)             NOT NULL,
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
    CONSTRAINT threat_responses_once UNIQUE (session_id, policy)
);
CREATE INDEX threat_responses_by_project ON threat_responses (project_id, id);
