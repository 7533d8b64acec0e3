-- 008: what delivering a contract costs, where it is recorded, so that the
-- reviews can score profit (amount less cost).  NULL: not recorded.
ALTER TABLE contracts ADD COLUMN cost INTEGER CHECK (cost IS NULL OR cost >= 0);
