-- The threat pipeline. project_id 0 is Arena's own scope: security events that belong to no project
-- (failed logins, rate limits) — there is no projects row 0, so these tables carry no foreign key to
-- projects; deleting a project removes its rows through the ProjectDeleted event instead.

-- Accepted, not yet processed batches: the durable inbox. A row is written before the ingest API answers
-- 202 and deleted in the transaction that stores its events; claimed_at is refreshed by the node that
-- works on it, so rows left by a node that died are claimed again after arena.threats.inbox-claim-timeout.
CREATE TABLE threat_inbox (
    id          BIGINT                   NOT NULL PRIMARY KEY,
    project_id  BIGINT                   NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    events      INT                      NOT NULL,
    payload     TEXT                     NOT NULL
);
CREATE INDEX threat_inbox_claimed ON threat_inbox (claimed_at);

-- Attacker sessions: one source (an IP address, or user-<id> for Arena's own events without one) in one
-- project, until it is quiet for arena.threats.session-gap. state holds what the sessionizer needs to go
-- on after a restart (distinct sets, per-kind counts, rules already fired) as JSON.
CREATE TABLE threat_sessions (
    id                 BIGINT                   NOT NULL PRIMARY KEY,
    project_id         BIGINT                   NOT NULL,
    source             VARCHAR(64)              NOT NULL,
    first_seen         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen          TIMESTAMP WITH TIME ZONE NOT NULL,
    events             INT                      NOT NULL,
    failed_logins      INT                      NOT NULL,
    successful_logins  INT                      NOT NULL,
    commands           INT                      NOT NULL,
    downloads          INT                      NOT NULL,
    distinct_usernames INT                      NOT NULL,
    distinct_passwords INT                      NOT NULL,
    distinct_commands  INT                      NOT NULL,
    new_country        BOOLEAN                  NOT NULL,
    country            VARCHAR(8),
    asn                BIGINT,
    as_org             VARCHAR(200),
    network            VARCHAR(16)              NOT NULL,
    countries          VARCHAR(200)             NOT NULL,
    techniques         VARCHAR(1000)            NOT NULL,
    sensors            VARCHAR(1000)            NOT NULL,
    offender_user_id   BIGINT,
    score              DOUBLE PRECISION,
    state              VARCHAR(1048576)         NOT NULL
);
CREATE INDEX threat_sessions_project ON threat_sessions (project_id, id);
CREATE INDEX threat_sessions_source ON threat_sessions (project_id, source, last_seen);
CREATE INDEX threat_sessions_last_seen ON threat_sessions (last_seen);

-- Every event, enriched, in the session it was grouped into.
CREATE TABLE threat_events (
    id             BIGINT                   NOT NULL PRIMARY KEY,
    project_id     BIGINT                   NOT NULL,
    session_id     BIGINT                   NOT NULL,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    source         VARCHAR(64)              NOT NULL,
    kind           VARCHAR(32)              NOT NULL,
    type           VARCHAR(64)              NOT NULL,
    sensor         VARCHAR(128),
    sensor_session VARCHAR(64),
    username       VARCHAR(256),
    password       VARCHAR(256),
    command        VARCHAR(4000),
    url            VARCHAR(2000),
    sha256         VARCHAR(64),
    detail         VARCHAR(1000),
    country        VARCHAR(8),
    asn            BIGINT,
    as_org         VARCHAR(200),
    network        VARCHAR(16)              NOT NULL
);
CREATE INDEX threat_events_session ON threat_events (session_id, at);
CREATE INDEX threat_events_at ON threat_events (at);

-- ATT&CK assignments: which rule (of which rules version) put which technique on which event.
CREATE TABLE threat_techniques (
    id            BIGINT                   NOT NULL PRIMARY KEY,
    project_id    BIGINT                   NOT NULL,
    session_id    BIGINT                   NOT NULL,
    event_id      BIGINT                   NOT NULL,
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    technique     VARCHAR(16)              NOT NULL,
    rule          VARCHAR(64)              NOT NULL,
    rules_version VARCHAR(32)              NOT NULL
);
CREATE INDEX threat_techniques_event ON threat_techniques (event_id);
CREATE INDEX threat_techniques_session ON threat_techniques (session_id, technique);
CREATE INDEX threat_techniques_project ON threat_techniques (project_id, at);
CREATE INDEX threat_techniques_at ON threat_techniques (at);

-- Events per project and minute (epoch minutes), kept by the pipeline for the dashboards.
CREATE TABLE threat_minutes (
    project_id BIGINT NOT NULL,
    epoch_minute BIGINT NOT NULL,
    events       BIGINT NOT NULL,
    PRIMARY KEY (project_id, epoch_minute)
);
