-- 004: bad-debt write-off requests, decided through the approval engine
-- (contracts.yaml writeoff_flow).  An approved one marks its receivable
-- written_off; the request row is the record of it.
CREATE TABLE writeoffs (
    id            INTEGER PRIMARY KEY,
    receivable_id INTEGER NOT NULL REFERENCES receivables(id),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    reason        TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'in_review'
                  CHECK (state IN ('in_review', 'rejected', 'approved', 'withdrawn')),
    review_step   INTEGER NOT NULL DEFAULT 0,
    review_round  INTEGER NOT NULL DEFAULT 1,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    created_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX writeoffs_receivable ON writeoffs(receivable_id);
