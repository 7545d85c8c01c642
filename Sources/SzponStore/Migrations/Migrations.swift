import Foundation

/// One schema change, with its SQL for each backend. Migrations are only ever appended to
/// `Migrations.all`, never edited once released: a store runs, in order, those whose name
/// it has not recorded (SQLite: GRDB's `grdb_migrations`, so that files made before this
/// list still know "v1"; PostgreSQL: `szpon_migrations`).
public struct Migration: Sendable {
    public var name: String
    public var sqlite: String
    public var postgres: String

    public init(name: String, sqlite: String, postgres: String) {
        self.name = name
        self.sqlite = sqlite
        self.postgres = postgres
    }
}

/// The results schema, as one ordered list. Conventions on both backends: times are ISO 8601
/// UTC text with milliseconds, so they sort as text; JSON columns hold canonical JSON
/// (sorted keys); booleans are integers 0/1, so reports count them with the same SQL.
public enum Migrations {
    public static let all: [Migration] = [v1, v2, v3, v4, v5Staff, v6Enrollment]

    /// The schema version a store of this build writes: the number of migrations.
    /// SQLite mirrors it in `PRAGMA user_version`; a store with a higher one is refused.
    public static var version: Int { all.count }

    static let v1 = Migration(name: "v1", sqlite: """
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
        """, postgres: """
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            site TEXT NOT NULL,
            bundle TEXT NOT NULL,
            content_hash TEXT,
            created_at TEXT NOT NULL,
            device TEXT,
            payload TEXT NOT NULL,
            raw TEXT NOT NULL,
            digest TEXT NOT NULL,
            received_at TEXT NOT NULL,
            source TEXT NOT NULL
        );
        CREATE INDEX records_kind_site ON records(kind, site);

        CREATE TABLE attempt_scores (
            record_id TEXT PRIMARY KEY REFERENCES records(id),
            quiz TEXT NOT NULL,
            course TEXT,
            key_status TEXT NOT NULL,
            client_points DOUBLE PRECISION,
            client_percent DOUBLE PRECISION,
            client_passed INTEGER,
            server_points DOUBLE PRECISION,
            server_max DOUBLE PRECISION,
            server_percent DOUBLE PRECISION,
            server_passed INTEGER,
            pending INTEGER NOT NULL DEFAULT 0,
            mismatch INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX attempt_scores_course ON attempt_scores(course);
        CREATE INDEX attempt_scores_quiz ON attempt_scores(quiz);
        CREATE INDEX attempt_scores_flagged ON attempt_scores(record_id)
            WHERE key_status <> 'scored' OR mismatch <> 0;

        CREATE TABLE question_scores (
            record_id TEXT NOT NULL REFERENCES records(id),
            quiz TEXT NOT NULL,
            question TEXT NOT NULL,
            position INTEGER NOT NULL,
            points DOUBLE PRECISION NOT NULL,
            max DOUBLE PRECISION NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (record_id, question)
        );
        CREATE INDEX question_scores_quiz ON question_scores(quiz, question);

        CREATE TABLE survey_answers (
            record_id TEXT NOT NULL REFERENCES records(id),
            survey TEXT NOT NULL,
            question TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (record_id, question)
        );
        CREATE INDEX survey_answers_survey ON survey_answers(survey, question);

        CREATE TABLE progress (
            record_id TEXT PRIMARY KEY REFERENCES records(id),
            course TEXT NOT NULL,
            lesson TEXT,
            completed INTEGER NOT NULL
        );
        CREATE INDEX progress_course ON progress(course, lesson);

        CREATE TABLE conflicts (
            record_id TEXT NOT NULL,
            digest TEXT NOT NULL,
            raw TEXT NOT NULL,
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            last_received_at TEXT NOT NULL,
            times BIGINT NOT NULL DEFAULT 1,
            PRIMARY KEY (record_id, digest)
        );
        CREATE INDEX conflicts_last_received ON conflicts(last_received_at);

        CREATE TABLE rejections (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            record_id TEXT,
            reason TEXT NOT NULL,
            raw TEXT NOT NULL,
            raw_truncated INTEGER NOT NULL DEFAULT 0,
            digest TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            last_received_at TEXT NOT NULL,
            times BIGINT NOT NULL DEFAULT 1
        );
        CREATE INDEX rejections_last_received ON rejections(last_received_at);

        CREATE TABLE admin_tokens (
            hash TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """)

    /// Admin page sessions and the TOTP second factor. Everything hangs off `admin_tokens`
    /// with ON DELETE CASCADE, so revoking a token ends its sessions and drops its secret.
    static let v2 = Migration(name: "v2", sqlite: """
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
        """, postgres: """
        CREATE TABLE admin_sessions (
            hash TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL REFERENCES admin_tokens(hash) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            second_factor INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX admin_sessions_token ON admin_sessions(token_hash);
        CREATE INDEX admin_sessions_expires ON admin_sessions(expires_at);

        CREATE TABLE admin_totp (
            token_hash TEXT PRIMARY KEY REFERENCES admin_tokens(hash) ON DELETE CASCADE,
            secret TEXT NOT NULL,
            last_step BIGINT,
            enrolled_at TEXT NOT NULL
        );

        CREATE TABLE admin_recovery_codes (
            token_hash TEXT NOT NULL REFERENCES admin_totp(token_hash) ON DELETE CASCADE,
            code_hash TEXT NOT NULL,
            used_at TEXT,
            PRIMARY KEY (token_hash, code_hash)
        );
        """)

    /// Survey rows the reports read with plain SQL on both backends (no `json_each`,
    /// `json_extract` or `json_type`): each response's survey, each answer's type, number and
    /// text, and the scalar members of list answers. SQLite derives them for the rows it
    /// already has; new records get them from `SurveyResponseHandler`.
    static let v3 = Migration(name: "v3", sqlite: """
        CREATE TABLE survey_responses (
            record_id TEXT PRIMARY KEY NOT NULL REFERENCES records(id),
            survey TEXT NOT NULL
        );
        CREATE INDEX survey_responses_survey ON survey_responses(survey);
        INSERT INTO survey_responses (record_id, survey)
            SELECT id, json_extract(payload, '$.survey') FROM records
            WHERE kind = 'survey_response' AND json_type(payload, '$.survey') = 'text';

        ALTER TABLE survey_answers ADD COLUMN value_type TEXT NOT NULL DEFAULT '';  -- number | true | false | text | array | object
        ALTER TABLE survey_answers ADD COLUMN number REAL;                          -- numbers; booleans 0/1
        ALTER TABLE survey_answers ADD COLUMN text TEXT;                            -- text answers (U+0000 as U+FFFD)
        UPDATE survey_answers SET
            value_type = CASE json_type(value) WHEN 'integer' THEN 'number' WHEN 'real' THEN 'number' ELSE json_type(value) END,
            number = CASE WHEN json_type(value) IN ('integer', 'real', 'true', 'false') THEN json_extract(value, '$') END,
            text = CASE WHEN json_type(value) = 'text' THEN replace(json_extract(value, '$'), char(0), char(65533)) END;

        -- Scalar members of list answers (multiple choice, matrix rows), by position.
        CREATE TABLE survey_answer_items (
            record_id TEXT NOT NULL REFERENCES records(id),
            survey TEXT NOT NULL,
            question TEXT NOT NULL,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,                  -- JSON scalar
            value_type TEXT NOT NULL,             -- number | true | false | text
            number REAL,
            text TEXT,
            PRIMARY KEY (record_id, question, position)
        );
        CREATE INDEX survey_answer_items_survey ON survey_answer_items(survey, question);
        INSERT INTO survey_answer_items (record_id, survey, question, position, value, value_type, number, text)
            SELECT s.record_id, s.survey, s.question, e.key,
                   CASE e.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE json_quote(e.value) END,
                   CASE WHEN e.type IN ('integer', 'real') THEN 'number' ELSE e.type END,
                   CASE WHEN e.type IN ('integer', 'real', 'true', 'false') THEN e.value END,
                   CASE WHEN e.type = 'text' THEN replace(e.value, char(0), char(65533)) END
            FROM survey_answers s, json_each(s.value) AS e
            WHERE s.value_type = 'array' AND e.type IN ('integer', 'real', 'true', 'false', 'text');
        """, postgres: """
        CREATE TABLE survey_responses (
            record_id TEXT PRIMARY KEY REFERENCES records(id),
            survey TEXT NOT NULL
        );
        CREATE INDEX survey_responses_survey ON survey_responses(survey);

        ALTER TABLE survey_answers ADD COLUMN value_type TEXT NOT NULL DEFAULT '';
        ALTER TABLE survey_answers ADD COLUMN number DOUBLE PRECISION;
        ALTER TABLE survey_answers ADD COLUMN text TEXT;

        CREATE TABLE survey_answer_items (
            record_id TEXT NOT NULL REFERENCES records(id),
            survey TEXT NOT NULL,
            question TEXT NOT NULL,
            position INTEGER NOT NULL,
            value TEXT NOT NULL,
            value_type TEXT NOT NULL,
            number DOUBLE PRECISION,
            text TEXT,
            PRIMARY KEY (record_id, question, position)
        );
        CREATE INDEX survey_answer_items_survey ON survey_answer_items(survey, question);
        """)

    /// People ("people"): the roster (`szpon people import`), its groups, the audit log of
    /// what was done to people's data (RODO), server secrets (the learner-code HMAC key, made
    /// once by whichever node asks first) and, on each record, the learner code it came with
    /// and the person it was attributed to (NULL: unattributed). Erasing a person unlinks
    /// their records, so the statistics stay.
    static let v4 = Migration(name: "v4", sqlite: """
        CREATE TABLE people (
            id TEXT PRIMARY KEY NOT NULL,         -- employee or pupil number, never a PESEL
            name TEXT NOT NULL,
            email TEXT,
            office TEXT,
            department TEXT,
            roles TEXT NOT NULL DEFAULT '[]',     -- canonical JSON array: admin, official, teacher, learner
            active INTEGER NOT NULL DEFAULT 1,
            code_generation INTEGER NOT NULL DEFAULT 1,  -- bumped when a learner code is revoked
            code_tag TEXT UNIQUE,                 -- the current learner code's data characters
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deactivated_at TEXT,                  -- set when a --full import left the person out
            last_seen_at TEXT
        );

        CREATE TABLE person_groups (
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            group_name TEXT NOT NULL,
            PRIMARY KEY (person_id, group_name)
        );
        CREATE INDEX person_groups_group ON person_groups(group_name);

        -- What was done to people's data and by whom: subjects are ids, never names.
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            detail TEXT NOT NULL DEFAULT '{}'     -- canonical JSON object
        );
        CREATE INDEX audit_log_subject ON audit_log(subject);

        CREATE TABLE server_secrets (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL                   -- base64
        );

        ALTER TABLE records ADD COLUMN learner TEXT;    -- the learner code as the browser sent it
        ALTER TABLE records ADD COLUMN person_id TEXT;  -- NULL: unattributed
        CREATE INDEX records_person ON records(person_id);
        """, postgres: """
        CREATE TABLE people (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT,
            office TEXT,
            department TEXT,
            roles TEXT NOT NULL DEFAULT '[]',
            active INTEGER NOT NULL DEFAULT 1,
            code_generation INTEGER NOT NULL DEFAULT 1,
            code_tag TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deactivated_at TEXT,
            last_seen_at TEXT
        );

        CREATE TABLE person_groups (
            person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            group_name TEXT NOT NULL,
            PRIMARY KEY (person_id, group_name)
        );
        CREATE INDEX person_groups_group ON person_groups(group_name);

        CREATE TABLE audit_log (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_log_subject ON audit_log(subject);

        CREATE TABLE server_secrets (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        ALTER TABLE records ADD COLUMN learner TEXT;
        ALTER TABLE records ADD COLUMN person_id TEXT;
        CREATE INDEX records_person ON records(person_id);
        """)

    /// Staff accounts for /panel: a bcrypt password per person, one-time invitations and
    /// sessions (both by the SHA-256 of their token, so a copied store holds nothing usable),
    /// and failed sign-ins per account, kept here so every node counts the same failures.
    /// `account` is the SHA-256 of "person:<id>" or of the login typed for no one.
    static let v5Staff = Migration(name: "v5-staff", sqlite: """
        CREATE TABLE staff_credentials (
            person_id TEXT PRIMARY KEY NOT NULL,
            password_hash TEXT NOT NULL,          -- bcrypt, cost 12
            set_at TEXT NOT NULL
        );
        CREATE TABLE staff_invitations (
            token_hash TEXT PRIMARY KEY NOT NULL,
            person_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        );
        CREATE INDEX staff_invitations_person ON staff_invitations(person_id);
        CREATE TABLE staff_sessions (
            hash TEXT PRIMARY KEY NOT NULL,
            person_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX staff_sessions_person ON staff_sessions(person_id);
        CREATE TABLE staff_sign_in_failures (
            account TEXT PRIMARY KEY NOT NULL,
            failures INTEGER NOT NULL,
            last_at TEXT NOT NULL,
            blocked_until TEXT
        );
        """, postgres: """
        CREATE TABLE staff_credentials (
            person_id TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            set_at TEXT NOT NULL
        );
        CREATE TABLE staff_invitations (
            token_hash TEXT PRIMARY KEY,
            person_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT
        );
        CREATE INDEX staff_invitations_person ON staff_invitations(person_id);
        CREATE TABLE staff_sessions (
            hash TEXT PRIMARY KEY,
            person_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX staff_sessions_person ON staff_sessions(person_id);
        CREATE TABLE staff_sign_in_failures (
            account TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_at TEXT NOT NULL,
            blocked_until TEXT
        );
        """)

    /// Enrollment: which person must take which course, computed from each course's
    /// `audience` and the roster (`EnrollmentSQL.recompute`), never set by hand. A row
    /// keeps when the course was first assigned, which the due date counts from.
    static let v6Enrollment = Migration(name: "v6-enrollment", sqlite: """
        CREATE TABLE assignments (
            person_id TEXT NOT NULL,
            course TEXT NOT NULL,
            assigned_at TEXT NOT NULL,
            due_at TEXT,                          -- assigned_at + the course's due_days
            PRIMARY KEY (person_id, course)
        );
        CREATE INDEX assignments_course ON assignments(course);
        """, postgres: """
        CREATE TABLE assignments (
            person_id TEXT NOT NULL,
            course TEXT NOT NULL,
            assigned_at TEXT NOT NULL,
            due_at TEXT,
            PRIMARY KEY (person_id, course)
        );
        CREATE INDEX assignments_course ON assignments(course);
        """)
}
