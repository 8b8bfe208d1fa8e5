-- genki registry, version 3: the symbolic fingerprint of an audio item that also has one (a tracker
-- module: the notes of its patterns), so dedup against the registry matches modules by their notes;
-- and the two traits the keep-policy reads that version 1 did not store (noise floor below the RMS
-- level in dB, and whether the codec is lossless), so registry items are kept by the same rules.
CREATE TABLE symbolic_fingerprints (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    data BLOB NOT NULL
);
ALTER TABLE items ADD COLUMN noise_floor_below_rms REAL;
ALTER TABLE items ADD COLUMN lossless INTEGER CHECK (lossless IN (0, 1));
