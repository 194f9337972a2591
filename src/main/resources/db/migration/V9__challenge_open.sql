-- A closed challenge refuses new instance starts (409 challenge-closed); running instances keep running.
ALTER TABLE challenges ADD COLUMN open BOOLEAN DEFAULT TRUE NOT NULL;
