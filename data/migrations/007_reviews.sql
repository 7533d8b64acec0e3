-- 007: performance reviews.  A review period is opened for a department
-- (a month, a quarter or a year); each employee of it gets a review with
-- the KPI template of their role.  Ratings come from the evaluator sources
-- (supervisor, peers, self, customer); computed figures are kept as they
-- were when the review was finalised, so a published result can always be
-- traced to its records.  A finalised review is never edited: a correction
-- is a new revision.
CREATE TABLE review_periods (
    id           INTEGER PRIMARY KEY,
    department   TEXT NOT NULL,
    period       TEXT NOT NULL,   -- 2026-11, 2026-Q4 or 2026
    state        TEXT NOT NULL DEFAULT 'open'
                 CHECK (state IN ('open', 'finalised', 'published', 'locked')),
    opened_by    INTEGER NOT NULL REFERENCES users(id),
    opened_at    TEXT NOT NULL,
    finalised_at TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (department, period)
);

CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    period_id      INTEGER NOT NULL REFERENCES review_periods(id),
    employee_id    INTEGER NOT NULL REFERENCES users(id),
    supervisor_id  INTEGER REFERENCES users(id),
    template       TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'self'
                   CHECK (state IN ('self', 'rating', 'final', 'published', 'interviewed',
                                    'locked')),
    score          INTEGER,            -- hundredths of a point, once final
    grade          TEXT NOT NULL DEFAULT '',
    bonus          INTEGER,            -- minor units, once final
    grade_reason   TEXT NOT NULL DEFAULT '', -- why calibration changed the grade
    revision       INTEGER NOT NULL DEFAULT 1,
    self_done_at   TEXT NOT NULL DEFAULT '',
    interview      TEXT NOT NULL DEFAULT '',
    goals          TEXT NOT NULL DEFAULT '',
    interviewed_at TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (period_id, employee_id)
);
CREATE INDEX reviews_employee ON reviews(employee_id, period_id);

CREATE TABLE review_ratings (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    kpi       TEXT NOT NULL,
    source    TEXT NOT NULL CHECK (source IN ('supervisor', 'peer', 'self', 'customer')),
    rater_id  INTEGER NOT NULL REFERENCES users(id),
    rating    INTEGER NOT NULL,
    comment   TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL,
    UNIQUE (review_id, kpi, source, rater_id)
);

CREATE TABLE review_peers (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    peer_id   INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (review_id, peer_id)
);

-- Computed figures and every KPI's points as they were when the review
-- was finalised (or revised).
CREATE TABLE review_scores (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    revision  INTEGER NOT NULL,
    kpi       TEXT NOT NULL,
    figure    INTEGER,                -- computed KPIs: hundredths
    points    INTEGER,                -- hundredths; NULL when not scored
    PRIMARY KEY (review_id, revision, kpi)
);

CREATE TABLE improvement_plans (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES users(id),
    review_id   INTEGER NOT NULL REFERENCES reviews(id),
    goals       TEXT NOT NULL,
    support     TEXT NOT NULL DEFAULT '',
    review_on   TEXT NOT NULL,
    result      TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'open'
                CHECK (state IN ('open', 'passed', 'failed', 'escalated')),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX improvement_plans_employee ON improvement_plans(employee_id, id);

-- Who is asked to rate as a peer (store_reviews_to_rate_as_peer).
CREATE INDEX review_peers_peer ON review_peers(peer_id, review_id);

-- The computed KPIs' figures (src/store/kpis.c) read one employee's
-- records in a range of dates, not all of theirs: contracts by the date
-- signed (signed, new customers), opportunities by creation (leads) and
-- by the date they entered a closed stage (conversion).
CREATE INDEX contracts_owner_signed ON contracts(owner_id, signed_on);
CREATE INDEX opp_owner_created ON opportunities(owner_id, created_at);
CREATE INDEX opp_owner_stage ON opportunities(owner_id, stage, stage_since);
