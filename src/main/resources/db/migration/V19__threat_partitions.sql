-- Issue 5: the nodes sharing the database split the threat pipeline's work by partition, a stable hash of
-- (project, source), so that every event of one source is sessionized by one node whichever node took it in.
-- An inbox row holds events of one partition only, and belongs to the node that leases its partition (its
-- claim is that lease, so claimed_at goes). Rows written before this migration go to partition 0, whatever
-- their sources: only sessions that span the upgrade itself may still split.
ALTER TABLE threat_inbox ADD COLUMN partition_no INT NOT NULL DEFAULT 0;
DROP INDEX threat_inbox_claimed;
ALTER TABLE threat_inbox DROP COLUMN claimed_at;
CREATE INDEX threat_inbox_partition ON threat_inbox (partition_no, id);

-- One row per partition (rows are made by the first node on PostgreSQL; H2 has one node and leases nothing).
-- epoch grows by one each time the partition changes hands: the pipeline's write deletes its inbox rows only
-- while its node still holds their partition at the epoch it read, holding the lease row (FOR SHARE) until it
-- commits, so a node that lost a partition can no longer write that partition's sessions.
CREATE TABLE threat_partitions (
    partition_no INT                      NOT NULL PRIMARY KEY,
    owner        VARCHAR(64),
    epoch        BIGINT                   NOT NULL,
    leased_until TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The nodes running the pipeline, alive while they renew: the partitions are shared fairly among them.
CREATE TABLE threat_nodes (
    node        VARCHAR(64)              NOT NULL PRIMARY KEY,
    alive_until TIMESTAMP WITH TIME ZONE NOT NULL
);
