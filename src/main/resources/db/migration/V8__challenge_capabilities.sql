-- Challenges may give back some of Docker's default capabilities and ask for a writable root file system.
ALTER TABLE challenges ADD COLUMN capabilities VARCHAR(300) DEFAULT '' NOT NULL;
ALTER TABLE challenges ADD COLUMN writable_root BOOLEAN DEFAULT FALSE NOT NULL;
