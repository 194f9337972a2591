-- Code evaluations: one row per submission, which is also the durable job queue.
-- callback_state is null without a callbackUrl, else pending (due at callback_due_at), delivered or failed.
-- fence grows by one at every claim and never goes back: a worker writes only while the row still
-- carries the fence it claimed with. attempts counts claims since the last operator retry.
CREATE TABLE evaluations (
    id                BIGINT                   NOT NULL PRIMARY KEY,
    project_id        BIGINT                   NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    submitted_by      VARCHAR(40)              NOT NULL,
    idempotency_key   VARCHAR(200),
    language          VARCHAR(20)              NOT NULL,
    source            VARCHAR(1048576)         NOT NULL,
    stdin             VARCHAR(1048576)         NOT NULL,
    tests             VARCHAR(1048576),
    stop_on_failure   BOOLEAN                  NOT NULL,
    callback_url      VARCHAR(2000),
    wall_limit_ms     INT                      NOT NULL,
    memory_limit      BIGINT                   NOT NULL,
    pids_limit        INT                      NOT NULL,
    output_limit      INT                      NOT NULL,
    status            VARCHAR(20)              NOT NULL,
    fence             BIGINT                   NOT NULL,
    attempts          INT                      NOT NULL,
    lease_owner       VARCHAR(100),
    lease_until       TIMESTAMP WITH TIME ZONE,
    available_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    queued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    exit_code         INT,
    stdout            VARCHAR(1048576),
    stderr            VARCHAR(1048576),
    stdout_truncated  BOOLEAN                  NOT NULL,
    stderr_truncated  BOOLEAN                  NOT NULL,
    wall_ms           BIGINT,
    memory_peak       BIGINT,
    test_results      VARCHAR(1048576),
    error             VARCHAR(1000),
    callback_state    VARCHAR(10),
    callback_attempts INT                      NOT NULL DEFAULT 0,
    callback_due_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT evaluations_idempotency UNIQUE (project_id, idempotency_key)
);
CREATE INDEX evaluations_queue ON evaluations (status, available_at);
CREATE INDEX evaluations_project ON evaluations (project_id, id);
CREATE INDEX evaluations_callbacks ON evaluations (callback_state, callback_due_at);
