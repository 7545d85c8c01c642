import GRDB

/// The results file's schema. Migrations are named "v1", "v2", … and only ever added;
/// `PRAGMA user_version` mirrors the number of the last one, so that other tools (and an
/// older szpon, which refuses a newer file) can read the version without GRDB.
enum SQLiteSchema {
    static let version = 2

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        return migrator
    }

    /// Times are ISO 8601 UTC text with milliseconds, so they sort as text. JSON columns hold
    /// canonical JSON (sorted keys). Booleans are 0/1.
    private static let v1 = """
        -- Every stored record, once per id: the first version wins.
        CREATE TABLE records (
            id TEXT PRIMARY KEY NOT NULL,         -- lowercase UUID, made by the browser
            kind TEXT NOT NULL,                   -- RecordKind
            site TEXT NOT NULL,
            bundle TEXT NOT NULL,
            content_hash TEXT,                    -- the quiz's or survey's version
            created_at TEXT NOT NULL,             -- device clock, normalised to UTC
            device TEXT,                          -- null for anonymous survey responses
            payload TEXT NOT NULL,                -- JSON
            raw TEXT NOT NULL,                    -- the whole record, canonical JSON
            digest TEXT NOT NULL,                 -- hex SHA-256 of raw
            received_at TEXT NOT NULL,            -- server clock
            source TEXT NOT NULL                  -- IngestSource
        );
        CREATE INDEX records_kind_site ON records(kind, site);

        -- The server's rescoring of each attempt (one row per attempt record).
        CREATE TABLE attempt_scores (
            record_id TEXT PRIMARY KEY NOT NULL REFERENCES records(id),
            quiz TEXT NOT NULL,
            course TEXT,
            key_status TEXT NOT NULL,             -- scored | unknown-version
            client_points REAL,
            client_percent REAL,
            client_passed INTEGER,
            server_points REAL,                   -- null: no key for that version
            server_max REAL,                      -- null: no server score at all
            server_percent REAL,
            server_passed INTEGER,                -- null: undecided (an essay awaits review)
            pending INTEGER NOT NULL DEFAULT 0,
            mismatch INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX attempt_scores_course ON attempt_scores(course);
        CREATE INDEX attempt_scores_quiz ON attempt_scores(quiz);
        CREATE INDEX attempt_scores_flagged ON attempt_scores(record_id)
            WHERE key_status <> 'scored' OR mismatch <> 0;

        -- Per question of each scored attempt.
        CREATE TABLE question_scores (
            record_id TEXT NOT NULL REFERENCES records(id),
            quiz TEXT NOT NULL,
            question TEXT NOT NULL,
            position INTEGER NOT NULL,            -- order in the attempt
            points REAL NOT NULL,
            max REAL NOT NULL,
            state TEXT NOT NULL,                  -- correct | partial | incorrect | unanswered | pending
            PRIMARY KEY (record_id, question)
        );
        CREATE INDEX question_scores_quiz ON question_scores(quiz, question);

        -- payload.responses of survey responses, one row per answered question.
        CREATE TABLE survey_answers (
            record_id TEXT NOT NULL REFERENCES records(id),
            survey TEXT NOT NULL,
            question TEXT NOT NULL,
            value TEXT NOT NULL,                  -- JSON: index, list, string, …
            PRIMARY KEY (record_id, question)
        );
        CREATE INDEX survey_answers_survey ON survey_answers(survey, question);

        -- Lesson completion marks (a learner may also unmark: completed = 0).
        CREATE TABLE progress (
            record_id TEXT PRIMARY KEY NOT NULL REFERENCES records(id),
            course TEXT NOT NULL,
            lesson TEXT,
            completed INTEGER NOT NULL
        );
        CREATE INDEX progress_course ON progress(course, lesson);

        -- Versions that lost to a stored record with the same id; once per distinct digest.
        CREATE TABLE conflicts (
            record_id TEXT NOT NULL,
            digest TEXT NOT NULL,
            raw TEXT NOT NULL,
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            last_received_at TEXT NOT NULL,
            times INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (record_id, digest)
        );
        CREATE INDEX conflicts_last_received ON conflicts(last_received_at);

        -- Records refused, once per distinct content (a device resends what was not
        -- stored, so the same record comes back on every sync).
        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            record_id TEXT,
            reason TEXT NOT NULL,
            raw TEXT NOT NULL,                    -- canonical JSON, cut to 64 KiB
            raw_truncated INTEGER NOT NULL DEFAULT 0,
            digest TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the whole canonical JSON
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            last_received_at TEXT NOT NULL,
            times INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX rejections_last_received ON rejections(last_received_at);

        -- Admin API tokens, by hash only.
        CREATE TABLE admin_tokens (
            hash TEXT PRIMARY KEY NOT NULL,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """

    /// Admin page sessions and the TOTP second factor. Everything hangs off `admin_tokens`
    /// with ON DELETE CASCADE, so revoking a token ends its sessions and drops its secret.
    private static let v2 = """
        -- Signed-in admin page sessions: the cookie holds a random id, this table its hash.
        CREATE TABLE admin_sessions (
            hash TEXT PRIMARY KEY NOT NULL,       -- hex SHA-256 of the session id
            token_hash TEXT NOT NULL REFERENCES admin_tokens(hash) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,             -- fixed at sign-in (8 hours)
            second_factor INTEGER NOT NULL DEFAULT 0  -- signed in with a TOTP or recovery code
        );
        CREATE INDEX admin_sessions_token ON admin_sessions(token_hash);
        CREATE INDEX admin_sessions_expires ON admin_sessions(expires_at);

        -- A token's TOTP second factor (RFC 6238, SHA-1, 30 s, 6 digits).
        CREATE TABLE admin_totp (
            token_hash TEXT PRIMARY KEY NOT NULL REFERENCES admin_tokens(hash) ON DELETE CASCADE,
            secret TEXT NOT NULL,                 -- the HMAC key, as text
            last_step INTEGER,                    -- last accepted time step: it and earlier are refused
            enrolled_at TEXT NOT NULL
        );

        -- One-time recovery codes, by hash.
        CREATE TABLE admin_recovery_codes (
            token_hash TEXT NOT NULL REFERENCES admin_totp(token_hash) ON DELETE CASCADE,
            code_hash TEXT NOT NULL,              -- hex SHA-256 of the normalised code
            used_at TEXT,                         -- null: not used yet
            PRIMARY KEY (token_hash, code_hash)
        );
        """
}
