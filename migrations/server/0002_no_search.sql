-- The central office never searches (search serves a device's app), so it keeps no
-- full-text index: its writes skip it (see `Origin::Office` in vigil-store).
DROP TABLE observation_fts;
DROP TABLE recommendation_fts;
