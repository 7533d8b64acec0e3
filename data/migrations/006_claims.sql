-- 006: expenses: budgets per department x category x period, budget
-- change requests, entertainment pre-approvals, claims and their lines,
-- and the bank account a claim is paid to.  The three requests are decided
-- through the approval engine (claims.yaml flows); their decisions are rows
-- of approvals like a contract's.
ALTER TABLE users ADD COLUMN bank_account TEXT NOT NULL DEFAULT '';

-- period: "2026" (the year), "2026-Q1".."2026-Q4" or "2026-01".."2026-12".
CREATE TABLE budgets (
    id          INTEGER PRIMARY KEY,
    department  TEXT NOT NULL,
    category    TEXT NOT NULL,
    period      TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (department, category, period)
);

CREATE TABLE budget_changes (
    id           INTEGER PRIMARY KEY,
    department   TEXT NOT NULL,
    category     TEXT NOT NULL,
    period       TEXT NOT NULL,
    delta        INTEGER NOT NULL CHECK (delta <> 0),
    reason       TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'in_review'
                 CHECK (state IN ('in_review', 'rejected', 'approved', 'withdrawn')),
    review_step  INTEGER NOT NULL DEFAULT 0,
    review_round INTEGER NOT NULL DEFAULT 1,
    author_id    INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE preapprovals (
    id           INTEGER PRIMARY KEY,
    author_id    INTEGER NOT NULL REFERENCES users(id),
    department   TEXT NOT NULL,
    customer_id  INTEGER REFERENCES customers(id),
    reason       TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    place        TEXT NOT NULL,
    participants TEXT NOT NULL,
    estimate     INTEGER NOT NULL CHECK (estimate > 0),
    state        TEXT NOT NULL DEFAULT 'in_review'
                 CHECK (state IN ('in_review', 'rejected', 'approved', 'withdrawn')),
    review_step  INTEGER NOT NULL DEFAULT 0,
    review_round INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX preapprovals_author ON preapprovals(author_id, id);

CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    department    TEXT NOT NULL,
    title         TEXT NOT NULL,
    total         INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL DEFAULT 'draft'
                  CHECK (state IN ('draft', 'in_review', 'rejected', 'approved', 'paid',
                                   'withdrawn')),
    review_step   INTEGER NOT NULL DEFAULT 0,
    review_round  INTEGER NOT NULL DEFAULT 0,
    submitted_at  TEXT NOT NULL DEFAULT '',
    approved_at   TEXT NOT NULL DEFAULT '',
    paid_on       TEXT NOT NULL DEFAULT '',
    pay_method    TEXT NOT NULL DEFAULT '',
    pay_reference TEXT NOT NULL DEFAULT '',
    pay_account   TEXT NOT NULL DEFAULT '',
    paid_by       INTEGER REFERENCES users(id),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX claims_author ON claims(author_id, id);
CREATE INDEX claims_state ON claims(state, id);

CREATE TABLE claim_lines (
    id             INTEGER PRIMARY KEY,
    claim_id       INTEGER NOT NULL REFERENCES claims(id),
    lineno         INTEGER NOT NULL,
    on_date        TEXT NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL,
    standard       TEXT NOT NULL DEFAULT '',
    quantity       INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
    reason         TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    invoice        TEXT NOT NULL DEFAULT '',
    preapproval_id INTEGER REFERENCES preapprovals(id),
    UNIQUE (claim_id, lineno)
);
CREATE INDEX claim_lines_invoice ON claim_lines(invoice) WHERE invoice <> '';
CREATE INDEX claim_lines_preapproval ON claim_lines(preapproval_id)
    WHERE preapproval_id IS NOT NULL;
CREATE INDEX claim_lines_spend ON claim_lines(category, on_date);
