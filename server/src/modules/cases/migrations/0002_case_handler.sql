-- The person who signed for a dispatched case (签收): the department is the assignee, this is
-- who in it (or the grid worker, for cases kept in the grid) is handling it.
ALTER TABLE cases_cases ADD COLUMN handler_id text;
CREATE INDEX cases_cases_handler ON cases_cases (handler_id, stage) WHERE handler_id IS NOT NULL;
