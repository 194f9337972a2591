-- The partition of each session's (project, source), so that a node taking a partition loads its open sessions
-- with one query and afterwards knows that a source it has not seen has no open session. Rows from before stay
-- NULL: they are read with every partition's and filtered by their computed partition.
ALTER TABLE threat_sessions ADD COLUMN partition_no INTEGER;
CREATE INDEX threat_sessions_partition ON threat_sessions (partition_no, last_seen);
