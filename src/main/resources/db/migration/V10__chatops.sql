-- Chat-ops: encrypted runtime settings, scheduled actions, Discord links and role mappings, managed
-- containers, the chat-ops audit log and the mech.

-- Runtime settings sealed with the platform's master key (AES-256-GCM, the setting's name as associated
-- data); the clear value never leaves the server once set.
CREATE TABLE chatops_settings (
    name       VARCHAR(100)             NOT NULL PRIMARY KEY,
    sealed     VARCHAR(8000)            NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by BIGINT
);

-- next_run_at is the claim: a node runs a due schedule only if its conditional UPDATE of next_run_at wins.
CREATE TABLE chatops_schedules (
    id           BIGINT                   NOT NULL PRIMARY KEY,
    project_id   BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name         VARCHAR(100)             NOT NULL,
    cron         VARCHAR(120)             NOT NULL,
    zone         VARCHAR(64)              NOT NULL,
    action       VARCHAR(30)              NOT NULL,
    target       VARCHAR(100)             NOT NULL,
    missed       VARCHAR(20)              NOT NULL,
    enabled      BOOLEAN                  NOT NULL,
    next_run_at  TIMESTAMP WITH TIME ZONE,
    last_run_at  TIMESTAMP WITH TIME ZONE,
    last_outcome VARCHAR(20),
    last_detail  VARCHAR(500),
    created_by   BIGINT                   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT chatops_schedules_name_unique UNIQUE (project_id, name)
);
CREATE INDEX chatops_schedules_due ON chatops_schedules (enabled, next_run_at);

-- One-time codes linking a Discord account to an Arena user (hashed; 10 minutes), and the links.
CREATE TABLE chatops_link_codes (
    code_hash  VARCHAR(64)              NOT NULL PRIMARY KEY,
    user_id    BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE chatops_discord_links (
    discord_user VARCHAR(30)              NOT NULL PRIMARY KEY,
    user_id      BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Discord roles and channels mapped to Arena project roles. A channel row also says which project the
-- channel's commands act on; its role is the most any command there may do.
CREATE TABLE chatops_discord_roles (
    project_id BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       VARCHAR(7)  NOT NULL,
    discord_id VARCHAR(30) NOT NULL,
    role       VARCHAR(10) NOT NULL,
    PRIMARY KEY (project_id, kind, discord_id)
);
CREATE INDEX chatops_discord_roles_by_id ON chatops_discord_roles (kind, discord_id);

-- Containers of a project that chat-ops and schedules may act on, each with its allow-list of actions.
CREATE TABLE chatops_containers (
    project_id   BIGINT       NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name         VARCHAR(64)  NOT NULL,
    container_id VARCHAR(128) NOT NULL,
    actions      VARCHAR(100) NOT NULL,
    PRIMARY KEY (project_id, name)
);

CREATE TABLE chatops_audit (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    project_id BIGINT,
    user_id    BIGINT,
    source     VARCHAR(10)              NOT NULL,
    actor      VARCHAR(60)              NOT NULL,
    action     VARCHAR(40)              NOT NULL,
    target     VARCHAR(100)             NOT NULL,
    outcome    VARCHAR(20)              NOT NULL,
    detail     VARCHAR(500)             NOT NULL
);
CREATE INDEX chatops_audit_by_project ON chatops_audit (project_id, id);

-- The mech: power as of its last change (decay runs from there), and every donation.
CREATE TABLE chatops_mech (
    project_id     BIGINT                   NOT NULL PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    power          DOUBLE PRECISION         NOT NULL,
    total_donated  DOUBLE PRECISION         NOT NULL,
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE chatops_donations (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    project_id  BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    amount      DOUBLE PRECISION         NOT NULL,
    donor       VARCHAR(100)             NOT NULL,
    source      VARCHAR(10)              NOT NULL,
    external_id VARCHAR(100),
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT chatops_donations_external_unique UNIQUE (project_id, external_id)
);
