-- 003: contracts, their review through the approval engine, numbering,
-- amendments and versions, delegations, receivables and collection.
-- Money is INTEGER minor units; dates "YYYY-MM-DD".

CREATE TABLE contracts (
    id              INTEGER PRIMARY KEY,
    number          TEXT UNIQUE,            -- assigned at signing, never reused
    opportunity_id  INTEGER REFERENCES opportunities(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    title           TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    currency        TEXT NOT NULL,
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    notice_days     INTEGER NOT NULL DEFAULT 30 CHECK (notice_days >= 0),
    state           TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft', 'in_review', 'rejected', 'approved', 'signed',
                                     'executing', 'completed', 'terminated', 'archived')),
    review_step     INTEGER NOT NULL DEFAULT 0,  -- index into contracts.yaml flow
    review_round    INTEGER NOT NULL DEFAULT 0,  -- submissions so far
    owner_id        INTEGER NOT NULL REFERENCES users(id),
    contract_version INTEGER NOT NULL DEFAULT 1, -- bumped by each amendment
    signed_on       TEXT,
    notice_date     TEXT,
    terminated_on   TEXT,
    settlement_note TEXT NOT NULL DEFAULT '',
    archived_on     TEXT,
    retention_until TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK (end_date >= start_date)
);
CREATE INDEX contracts_owner ON contracts(owner_id, state);
CREATE INDEX contracts_customer ON contracts(customer_id);
CREATE INDEX contracts_state ON contracts(state, end_date);

CREATE TABLE contract_clauses (
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    clause      TEXT NOT NULL,               -- contracts.yaml clause code
    body        TEXT NOT NULL DEFAULT '',
    updated_round INTEGER NOT NULL DEFAULT 0, -- review round of the last change
    PRIMARY KEY (contract_id, clause)
) WITHOUT ROWID;

CREATE TABLE contract_milestones (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    UNIQUE (contract_id, seq)
);

-- Every decision of the approval engine, for any module.  The partial
-- unique index makes "a step is taken once" hold even for two approvers
-- pressing at the same moment.
CREATE TABLE approval_decisions (
    id          INTEGER PRIMARY KEY,
    module      TEXT NOT NULL,               -- "contracts", "amendments", "writeoffs"
    item_id     INTEGER NOT NULL,
    round       INTEGER NOT NULL,
    step        INTEGER NOT NULL,
    step_code   TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'reject', 'withdraw')),
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    on_behalf_id INTEGER REFERENCES users(id),
    comment     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX approval_item ON approval_decisions(module, item_id, round, id);
CREATE UNIQUE INDEX approval_step_once ON approval_decisions(module, item_id, round, step)
    WHERE action IN ('approve', 'reject');

-- Reviewers' comments, per clause or on the whole contract.
CREATE TABLE review_comments (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    round       INTEGER NOT NULL,
    clause      TEXT,                        -- NULL: the whole contract
    author_id   INTEGER NOT NULL REFERENCES users(id),
    body        TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX review_comments_contract ON review_comments(contract_id, id);

CREATE TABLE delegations (
    id          INTEGER PRIMARY KEY,
    from_id     INTEGER NOT NULL REFERENCES users(id),
    to_id       INTEGER NOT NULL REFERENCES users(id),
    module      TEXT,                        -- NULL: every module
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    max_amount  INTEGER NOT NULL DEFAULT 0,  -- 0: no limit
    created_at  TEXT NOT NULL,
    CHECK (end_date >= start_date),
    CHECK (from_id <> to_id)
);
CREATE INDEX delegations_to ON delegations(to_id, end_date);

-- The last contract number used per year: numbers are never reused.
CREATE TABLE contract_sequence (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- A signed contract is never edited: an amendment goes through review and
-- makes a new version; the versions keep what each looked like.
CREATE TABLE amendments (
    id             INTEGER PRIMARY KEY,
    contract_id    INTEGER NOT NULL REFERENCES contracts(id),
    kind           TEXT NOT NULL,            -- contracts.yaml amendments
    content        TEXT NOT NULL,
    reason         TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    new_amount     INTEGER,                  -- NULL: unchanged
    new_end_date   TEXT,                     -- NULL: unchanged
    state          TEXT NOT NULL DEFAULT 'in_review'
                   CHECK (state IN ('in_review', 'rejected', 'approved', 'withdrawn')),
    review_step    INTEGER NOT NULL DEFAULT 0,
    review_round   INTEGER NOT NULL DEFAULT 1,
    author_id      INTEGER NOT NULL REFERENCES users(id),
    created_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX amendments_contract ON amendments(contract_id, id);

CREATE TABLE contract_versions (
    contract_id  INTEGER NOT NULL REFERENCES contracts(id),
    version_no   INTEGER NOT NULL,
    amendment_id INTEGER REFERENCES amendments(id),
    snapshot     TEXT NOT NULL,              -- JSON of the contract as it was
    created_at   TEXT NOT NULL,
    PRIMARY KEY (contract_id, version_no)
) WITHOUT ROWID;

-- Receivables: the payment milestones of signed contracts.
CREATE TABLE receivables (
    id           INTEGER PRIMARY KEY,
    contract_id  INTEGER NOT NULL REFERENCES contracts(id),
    milestone_id INTEGER NOT NULL UNIQUE REFERENCES contract_milestones(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    due_date     TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    paid         INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= amount),
    state        TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paid', 'written_off')),
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX receivables_customer ON receivables(customer_id, state);
CREATE INDEX receivables_due ON receivables(state, due_date);

CREATE TABLE payments (
    id            INTEGER PRIMARY KEY,
    receivable_id INTEGER NOT NULL REFERENCES receivables(id),
    paid_on       TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    method        TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    recorded_by   INTEGER NOT NULL REFERENCES users(id),
    at            TEXT NOT NULL
);
CREATE INDEX payments_receivable ON payments(receivable_id);

CREATE TABLE collection_actions (
    id            INTEGER PRIMARY KEY,
    receivable_id INTEGER NOT NULL REFERENCES receivables(id),
    kind          TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'visit', 'legal')),
    planned_on    TEXT NOT NULL,
    done_on       TEXT,
    outcome       TEXT NOT NULL DEFAULT '',
    actor_id      INTEGER NOT NULL REFERENCES users(id),
    at            TEXT NOT NULL
);
CREATE INDEX collection_receivable ON collection_actions(receivable_id, planned_on);
