-- 005: execution tracking: change requests, delivery delays and quality
-- disputes logged against a signed contract, each open until resolved.
CREATE TABLE contract_events (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    kind        TEXT NOT NULL CHECK (kind IN ('change_request', 'delay', 'dispute')),
    on_date     TEXT NOT NULL,
    summary     TEXT NOT NULL,
    resolution  TEXT NOT NULL DEFAULT '',
    resolved_on TEXT,
    actor_id    INTEGER NOT NULL REFERENCES users(id),
    at          TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contract_events_contract ON contract_events(contract_id, id);
