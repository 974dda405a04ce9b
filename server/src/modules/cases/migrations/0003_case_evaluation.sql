-- Evaluation (考核评价) reads re-openings from the timeline: a partial index keeps that to the
-- few rows that are re-openings, however long the timeline grows.
CREATE INDEX cases_timeline_reopen ON cases_timeline (case_id) WHERE action = 'reopen';
