-- genki registry, version 3: the symbolic fingerprint of an audio item that also has one (a tracker
-- module: the notes of its patterns), so dedup against the registry matches modules by their notes.
CREATE TABLE symbolic_fingerprints (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    data BLOB NOT NULL
);
