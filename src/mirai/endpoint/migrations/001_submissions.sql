-- Submissions and the idempotency keys that guard them. Portable SQL (SQLite, PostgreSQL).
CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    form TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    lang TEXT NOT NULL,
    received_at TEXT NOT NULL,
    answers TEXT NOT NULL
);
CREATE INDEX submissions_form ON submissions (form, received_at);
CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
);
