-- Scores and analyses of attacker sessions, written by the pipeline's decision stage.

-- The latest anomaly score's drivers (JSON: [{feature, weight}], largest first) and when it was scored;
-- score (V6) stays NULL while the project's model warms up, scored_at is set from the first update on.
ALTER TABLE threat_sessions ADD COLUMN score_drivers VARCHAR(1000);
ALTER TABLE threat_sessions ADD COLUMN scored_at TIMESTAMP WITH TIME ZONE;

-- The latest analysis of a session: the LLM analyst's (source 'model') or the rule-based summary ('rules'),
-- and the session signature it was made for. Goes with its session (retention, project deletion).
CREATE TABLE threat_analyses (
    session_id BIGINT                   NOT NULL PRIMARY KEY REFERENCES threat_sessions (id) ON DELETE CASCADE,
    project_id BIGINT                   NOT NULL,
    signature  VARCHAR(64)              NOT NULL,
    source     VARCHAR(16)              NOT NULL,
    model      VARCHAR(200),
    text       VARCHAR(8000)            NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The sessionizer finds the open sessions of a batch's sources with one "source IN (up to 500)" query. H2
-- looks an IN list up in an index only when it is the index's first column and the index has no other
-- condition, and it keeps the plan it made for a query (on an empty table, a scan evaluating the list on
-- every row): with (project_id, source, last_seen) that query grew with the table (80 ms at 60,000 sessions,
-- most of the pipeline's time). On (source) alone it is 500 lookups on both databases.
DROP INDEX threat_sessions_source;
CREATE INDEX threat_sessions_by_source ON threat_sessions (source);
