-- Instances: challenges of a project, the instances players (or teams) run of them, and their audit log.

-- How a project runs instances; a row appears the first time an instance starts or the policy is set.
-- Starting an instance locks this row, so the per-project and per-player caps are counted exactly.
CREATE TABLE instance_policies (
    project_id              BIGINT     NOT NULL PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    ownership               VARCHAR(6) NOT NULL,
    max_running_per_player  INT        NOT NULL,
    max_running_per_project INT        NOT NULL
);

CREATE TABLE challenges (
    id                BIGINT                   NOT NULL PRIMARY KEY,
    project_id        BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name              VARCHAR(100)             NOT NULL,
    image             VARCHAR(255)             NOT NULL,
    command           VARCHAR(4000)            NOT NULL,
    ports             VARCHAR(200)             NOT NULL,
    memory_mib        INT                      NOT NULL,
    cpus              DOUBLE PRECISION         NOT NULL,
    lifetime_s        INT                      NOT NULL,
    extension_s       INT                      NOT NULL,
    max_extensions    INT                      NOT NULL,
    max_total_s       INT                      NOT NULL,
    env               VARCHAR(20000)           NOT NULL,
    flag_template     VARCHAR(200)             NOT NULL,
    flag_file         VARCHAR(200),
    flag_env          VARCHAR(100),
    allow_outbound    BOOLEAN                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT challenges_name_unique UNIQUE (project_id, name)
);

-- live_key is '<challenge>:<owner>' while the instance is starting, running or stopping and NULL after:
-- its unique constraint allows one live instance per owner per challenge (NULLs never collide).
CREATE TABLE instances (
    id             BIGINT                   NOT NULL PRIMARY KEY,
    project_id     BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    challenge_id   BIGINT                   NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    owner          VARCHAR(30)              NOT NULL,
    started_by     BIGINT                   NOT NULL,
    status         VARCHAR(10)              NOT NULL,
    live_key       VARCHAR(60),
    container_id   VARCHAR(80),
    ports          VARCHAR(500)             NOT NULL,
    flag           VARCHAR(300)             NOT NULL,
    extensions     INT                      NOT NULL,
    max_extensions INT                      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline       TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP WITH TIME ZONE,
    failure        VARCHAR(500),
    CONSTRAINT instances_live_unique UNIQUE (live_key)
);
CREATE INDEX instances_by_expiry ON instances (expires_at);
CREATE INDEX instances_by_owner ON instances (challenge_id, owner, id);
CREATE INDEX instances_by_project ON instances (project_id, id);
CREATE INDEX instances_by_status ON instances (status);

-- What happened to instances; pruned after arena.instances.audit-retention.
CREATE TABLE instance_audit (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    kind        VARCHAR(20)              NOT NULL,
    instance_id BIGINT                   NOT NULL,
    project_id  BIGINT                   NOT NULL,
    actor_id    BIGINT,
    detail      VARCHAR(1000)            NOT NULL
);
CREATE INDEX instance_audit_by_time ON instance_audit (at);
CREATE INDEX instance_audit_by_project ON instance_audit (project_id, at);
