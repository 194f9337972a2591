-- CPU time of an evaluation's run, in milliseconds, read from the sandbox's cgroup (null when unknown).
ALTER TABLE evaluations ADD COLUMN cpu_ms BIGINT;
