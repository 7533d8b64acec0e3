-- 009: what a person was typing into a form when their terminal went away
-- (an SSH drop, SIGHUP) or bizdesk was told to stop (SIGTERM), kept so that
-- the same form offers it back next time.  One draft per user and form;
-- `form` names the form (its title, and the record it is about), `fields`
-- is a flat JSON object of field label -> text.  Drafts are the person's
-- scratch, not business records: they carry no audit row, and a save or a
-- cancel of the form deletes its draft.
CREATE TABLE drafts (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    form     TEXT NOT NULL,
    fields   TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, form)
) WITHOUT ROWID;
