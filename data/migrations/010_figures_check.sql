-- 010: the supervisor checks the compiled sales figures (POLICIES,
-- "Performance review": compiled by sales admin, checked by the
-- supervisor, the manager sets the final result).  A review's computed
-- KPI figures are frozen when its supervisor (or a manager of the
-- department) checks them: finalising scores the checked figures, not
-- what the records say on the day, so a payment recorded late does not
-- move a checked review; checking again takes the new figures.
ALTER TABLE reviews ADD COLUMN figures_checked_by INTEGER REFERENCES users(id);
ALTER TABLE reviews ADD COLUMN figures_checked_at TEXT NOT NULL DEFAULT '';

-- The figures as checked: one row per computed KPI of the review's
-- template, in hundredths; NULL when there was nothing to compute it from.
CREATE TABLE review_figures (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    kpi       TEXT NOT NULL,
    figure    INTEGER,
    PRIMARY KEY (review_id, kpi)
) WITHOUT ROWID;
