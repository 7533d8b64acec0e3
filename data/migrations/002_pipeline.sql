-- 002: the sales pipeline: customers, contacts, opportunities (leads are
-- opportunities in the first stage), activities, complaints, satisfaction.
-- Money is INTEGER minor units; dates are "YYYY-MM-DD" text.

CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,          -- normalised name, for duplicates
    industry     TEXT NOT NULL DEFAULT '',
    region       TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    class        TEXT NOT NULL,          -- pipeline.yaml customer_classes
    credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    owner_id     INTEGER NOT NULL REFERENCES users(id),
    last_contact TEXT,                   -- date of the latest activity
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_owner ON customers(owner_id, name);
CREATE INDEX customers_name_key ON customers(name_key);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    phone_key   TEXT NOT NULL DEFAULT '', -- digits only, for duplicates
    email       TEXT NOT NULL DEFAULT '',
    email_key   TEXT NOT NULL DEFAULT '', -- lower case, for duplicates
    created_at  TEXT NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id);
CREATE INDEX contacts_email_key ON contacts(email_key) WHERE email_key <> '';
CREATE INDEX contacts_phone_key ON contacts(phone_key) WHERE phone_key <> '';

-- company and contact_name are copies kept with the opportunity so that the
-- lists sort and page on one table's indexes.
CREATE TABLE opportunities (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    contact_id    INTEGER REFERENCES contacts(id),
    company       TEXT NOT NULL,
    contact_name  TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT '',
    stage         TEXT NOT NULL,
    stage_since   TEXT NOT NULL,
    value         INTEGER CHECK (value IS NULL OR value >= 0),
    budget        INTEGER CHECK (budget IS NULL OR budget >= 0),
    close_date    TEXT,
    next_followup TEXT,
    needs         TEXT NOT NULL DEFAULT '',
    lost_reason   TEXT NOT NULL DEFAULT '',
    owner_id      INTEGER NOT NULL REFERENCES users(id),
    flagged       TEXT NOT NULL DEFAULT '', -- e.g. "possible duplicate of #12"
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX opp_owner_company ON opportunities(owner_id, company, id);
CREATE INDEX opp_company ON opportunities(company, id);
CREATE INDEX opp_customer ON opportunities(customer_id);
CREATE INDEX opp_followup ON opportunities(next_followup) WHERE next_followup IS NOT NULL;

-- Search: company, contact, e-mail and phone, as prepared by core's
-- bd_search_text (CJK runs become overlapping two-character words, so a
-- two-character search such as 大文 finds 陳大文).  Contentless: the
-- candidates it returns are checked against the row itself.
CREATE VIRTUAL TABLE opp_search USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0');

CREATE TABLE activities (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    opportunity_id INTEGER REFERENCES opportunities(id),
    kind           TEXT NOT NULL,   -- call, visit, email, meeting, demo, proposal, note, negotiation
    on_date        TEXT NOT NULL,
    actor_id       INTEGER NOT NULL REFERENCES users(id),
    summary        TEXT NOT NULL,
    -- a negotiation summary's parts (002 §4.4)
    background     TEXT NOT NULL DEFAULT '',
    goals_met      TEXT NOT NULL DEFAULT '',
    disagreements  TEXT NOT NULL DEFAULT '',
    lessons        TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX activities_customer ON activities(customer_id, on_date, id);
CREATE INDEX activities_actor ON activities(actor_id, on_date);

CREATE TABLE complaints (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    opened_on   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    department  TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'open'
                CHECK (state IN ('open', 'routed', 'investigating', 'resolved',
                                 'replied', 'visited', 'closed')),
    resolution  TEXT NOT NULL DEFAULT '',
    closed_on   TEXT,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX complaints_customer ON complaints(customer_id, state);

CREATE TABLE satisfaction (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    survey      TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    on_date     TEXT NOT NULL,
    UNIQUE (customer_id, survey)
);
