-- Consultation cases (issue 7). Portable SQL (SQLite, PostgreSQL). A case belongs to one
-- submission of the consultation form, made in the same transaction. Only a slow hash of
-- the worker's secret is kept (mirai.desk.case_secret), never the secret itself.
CREATE TABLE cases (
    case_number TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
    secret_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'in-progress', 'answered', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The desk's replies, written by the operators' tool, shown on the worker's case page.
CREATE TABLE case_replies (
    id TEXT PRIMARY KEY,
    case_number TEXT NOT NULL REFERENCES cases (case_number),
    created_at TEXT NOT NULL,
    body TEXT NOT NULL,
    lang TEXT
);
CREATE INDEX case_replies_case ON case_replies (case_number, created_at);
