/// The registry's schema migrations, in order. Each one's SQL is mirrored byte for byte in
/// `schemas/registry/NAME.sql` (a test checks they match).
public enum RegistryMigrations {
    /// (name, SQL) pairs in the order they apply.
    public static let all: [(name: String, sql: String)] = [
        (
            "0001_initial",
            """
            -- genki registry, version 1: miners, datasets and their versions, items, fingerprints, shards,
            -- dedup runs. Times are Unix seconds (UTC). Hashes are lowercase hex.
            CREATE TABLE miners (
                id INTEGER PRIMARY KEY,
                hotkey TEXT NOT NULL UNIQUE,
                first_seen INTEGER NOT NULL
            );
            CREATE TABLE datasets (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                miner_id INTEGER REFERENCES miners(id),
                created_at INTEGER NOT NULL
            );
            CREATE TABLE dataset_versions (
                id INTEGER PRIMARY KEY,
                dataset_id INTEGER NOT NULL REFERENCES datasets(id),
                version INTEGER NOT NULL,
                items INTEGER NOT NULL,
                duration_s REAL NOT NULL,
                merkle_root TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                UNIQUE (dataset_id, version)
            );
            CREATE TABLE items (
                id INTEGER PRIMARY KEY,
                dataset_id INTEGER NOT NULL REFERENCES datasets(id),
                path TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('audio', 'midi')),
                size_bytes INTEGER NOT NULL,
                file_xxh3 TEXT NOT NULL,
                content_xxh3 TEXT NOT NULL,
                duration_s REAL NOT NULL,
                sample_rate INTEGER,
                channels INTEGER,
                codec TEXT,
                loudness_lufs REAL,
                clipping_ratio REAL,
                silence_ratio REAL,
                bandwidth_hz REAL,
                quality REAL NOT NULL,
                registered_at INTEGER NOT NULL,
                UNIQUE (dataset_id, path)
            );
            CREATE INDEX items_content ON items (content_xxh3);
            CREATE INDEX items_file ON items (file_xxh3);
            CREATE TABLE fingerprints (
                item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('chroma', 'symbolic')),
                data BLOB NOT NULL
            );
            CREATE TABLE shards (
                id INTEGER PRIMARY KEY,
                dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
                name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                samples INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                UNIQUE (dataset_version_id, name)
            );
            CREATE TABLE dedup_runs (
                id INTEGER PRIMARY KEY,
                items INTEGER NOT NULL,
                clusters INTEGER NOT NULL,
                dropped INTEGER NOT NULL,
                audio_threshold REAL NOT NULL,
                midi_threshold REAL NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE dedup_members (
                run_id INTEGER NOT NULL REFERENCES dedup_runs(id) ON DELETE CASCADE,
                cluster INTEGER NOT NULL,
                item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('kept', 'dropped')),
                PRIMARY KEY (run_id, item_id)
            );

            """
        ),
        (
            "0002_audits_scores",
            """
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

            """
        ),
        (
            "0003_module_symbolic_traits",
            """
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

            """
        ),
    ]
}
