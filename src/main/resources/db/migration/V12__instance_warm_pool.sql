-- Challenges may keep started containers ready (without a flag) so that a start only writes the flag.
ALTER TABLE challenges ADD COLUMN warm_pool INT DEFAULT 0 NOT NULL;
