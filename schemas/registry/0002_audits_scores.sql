-- genki registry, version 2: validator audits of published sketches, and per-miner scores.
CREATE TABLE audits (
    id INTEGER PRIMARY KEY,
    round TEXT NOT NULL,
    miner_id INTEGER NOT NULL REFERENCES miners(id),
    merkle_root TEXT NOT NULL,
    items INTEGER NOT NULL,
    distinct_items INTEGER NOT NULL,
    novel_items INTEGER NOT NULL,
    good_items INTEGER NOT NULL,
    novel_hours REAL NOT NULL,
    novelty REAL NOT NULL,
    quality REAL NOT NULL,
    diversity REAL NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail')),
    reason TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (round, miner_id)
);
CREATE TABLE scores (
    id INTEGER PRIMARY KEY,
    round TEXT NOT NULL,
    miner_id INTEGER NOT NULL REFERENCES miners(id),
    novelty REAL NOT NULL,
    quality REAL NOT NULL,
    diversity REAL NOT NULL,
    volume REAL NOT NULL,
    score REAL NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (round, miner_id)
);
