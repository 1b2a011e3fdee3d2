-- Personal data at rest: a booking's name, mobile, ID number and note are stored sealed
-- (AES-256-GCM BLOBs, see personal_key.rs), so the mobile can no longer be looked up by its
-- value: it gets a keyed lookup hash like the ID number's. The rows written before this
-- migration are sealed, and their ID hashes remade with the key, by the core right after the
-- migrations run (`booking::at_rest`): SQL has no access to the key, kept outside this file.

ALTER TABLE bookings ADD COLUMN mobile_hash TEXT;
DROP INDEX bookings_mobile;
CREATE INDEX bookings_mobile_hash ON bookings(mobile_hash) WHERE mobile_hash IS NOT NULL;
