-- Platform: cluster-wide locks for periodic jobs (ShedLock) and leased Snowflake worker ids.
CREATE TABLE shedlock (
    name       VARCHAR(64)              NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_by  VARCHAR(255)             NOT NULL
);

CREATE TABLE worker_leases (
    worker_id    INT                      NOT NULL PRIMARY KEY,
    holder       VARCHAR(100)             NOT NULL,
    leased_until TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Identity: users and how they prove who they are.
CREATE TABLE users (
    id             BIGINT                   NOT NULL PRIMARY KEY,
    email          VARCHAR(320)             NOT NULL,
    display_name   VARCHAR(100)             NOT NULL,
    password_hash  VARCHAR(200)             NOT NULL,
    email_verified BOOLEAN                  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (email)
);

CREATE TABLE sessions (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    user_id    BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash VARCHAR(64)              NOT NULL,
    client     VARCHAR(8)               NOT NULL,
    ip         VARCHAR(45)              NOT NULL,
    user_agent VARCHAR(256)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sessions_token_unique UNIQUE (token_hash)
);
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Single-use tokens mailed to a user: email verification and password reset.
CREATE TABLE account_tokens (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    user_id    BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    VARCHAR(20)              NOT NULL,
    token_hash VARCHAR(64)              NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT account_tokens_unique UNIQUE (token_hash)
);

-- Tenancy: tiers are data; NULL means unlimited.
CREATE TABLE tiers (
    name             VARCHAR(30) NOT NULL PRIMARY KEY,
    max_projects     INT,
    max_members      INT,
    max_teams        INT,
    max_clients      INT,
    max_certificates INT
);
INSERT INTO tiers (name, max_projects, max_members, max_teams, max_clients, max_certificates) VALUES
    ('free', 5, 10, 5, 10, 50),
    ('pro', 50, 100, 50, 100, 500),
    ('enterprise', NULL, NULL, NULL, NULL, NULL);

CREATE TABLE orgs (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    name       VARCHAR(100)             NOT NULL,
    tier       VARCHAR(30)              NOT NULL REFERENCES tiers (name),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE org_members (
    org_id    BIGINT                   NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    user_id   BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      VARCHAR(10)              NOT NULL,
    joined_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_by_user ON org_members (user_id);

CREATE TABLE invitations (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    org_id      BIGINT                   NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    email       VARCHAR(320)             NOT NULL,
    role        VARCHAR(10)              NOT NULL,
    token_hash  VARCHAR(64)              NOT NULL,
    invited_by  BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT invitations_token_unique UNIQUE (token_hash)
);
CREATE INDEX invitations_by_org ON invitations (org_id);
CREATE INDEX invitations_by_expiry ON invitations (expires_at);

CREATE TABLE teams (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    org_id     BIGINT                   NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name       VARCHAR(100)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT teams_name_unique UNIQUE (org_id, name)
);

CREATE TABLE team_members (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

-- Projects (the seed's vaults). tokens_valid_after revokes every access token of a project at once.
CREATE TABLE projects (
    id                 BIGINT                   NOT NULL PRIMARY KEY,
    org_id             BIGINT                   NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name               VARCHAR(100)             NOT NULL,
    description        VARCHAR(1000)            NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    tokens_valid_after TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT projects_name_unique UNIQUE (org_id, name)
);

CREATE TABLE project_grants (
    project_id   BIGINT      NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    subject_type VARCHAR(8)  NOT NULL,
    subject_id   BIGINT      NOT NULL,
    role         VARCHAR(10) NOT NULL,
    PRIMARY KEY (project_id, subject_type, subject_id)
);
CREATE INDEX project_grants_by_subject ON project_grants (subject_type, subject_id);

-- Token signing keys; private halves sealed with the master key (AES-256-GCM, id as associated data).
CREATE TABLE signing_keys (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    kid         VARCHAR(40)              NOT NULL,
    public_key  VARCHAR(100)             NOT NULL,
    private_key VARCHAR(200)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT signing_keys_kid_unique UNIQUE (kid)
);

-- Refresh tokens: single use, rotated; a family shares family_id and dies together on reuse.
CREATE TABLE refresh_tokens (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    family_id   BIGINT                   NOT NULL,
    project_id  BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    subject     VARCHAR(40)              NOT NULL,
    role        VARCHAR(10)              NOT NULL,
    token_hash  VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_project ON refresh_tokens (project_id);

-- API clients of an org and their Ed25519 certificates (public keys only: a generated private key
-- is returned once and never stored).
CREATE TABLE clients (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    org_id     BIGINT                   NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name       VARCHAR(100)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX clients_by_org ON clients (org_id);

CREATE TABLE client_certificates (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    client_id  BIGINT                   NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    org_id     BIGINT                   NOT NULL,
    public_key VARCHAR(100)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX client_certificates_by_client ON client_certificates (client_id);
CREATE INDEX client_certificates_by_org ON client_certificates (org_id);

-- Client assertions already used (RFC 7523 jti replay protection), pruned after they expire.
CREATE TABLE used_assertions (
    jti        VARCHAR(100)             NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What happened, to whom, from where. Written in the same transaction as the change.
CREATE TABLE audit_events (
    id         BIGINT                   NOT NULL PRIMARY KEY,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    kind       VARCHAR(40)              NOT NULL,
    actor_id   BIGINT,
    org_id     BIGINT,
    ip         VARCHAR(45),
    detail     VARCHAR(1000)            NOT NULL
);
CREATE INDEX audit_events_by_org ON audit_events (org_id, at);
CREATE INDEX audit_events_by_actor ON audit_events (actor_id, at);

-- Spring Modulith's event publication registry (its v2 schema, written once for both databases).
CREATE TABLE event_publication (
    id                     UUID                     NOT NULL PRIMARY KEY,
    listener_id            VARCHAR(512)             NOT NULL,
    event_type             VARCHAR(512)             NOT NULL,
    serialized_event       VARCHAR(10000)           NOT NULL,
    publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date        TIMESTAMP WITH TIME ZONE,
    status                 VARCHAR(20),
    completion_attempts    INT,
    last_resubmission_date TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_publication_by_completion_date ON event_publication (completion_date);
CREATE INDEX event_publication_by_listener ON event_publication (listener_id);
