-- A reporter who was shown possible duplicates and said "不是同一件事" (not the same problem):
-- the ids of the cases they were shown, kept so that duplicate detection stops offering them
-- as merge candidates and the acceptor sees the decision.
ALTER TABLE cases_cases ADD COLUMN not_duplicate_of uuid[] NOT NULL DEFAULT '{}';
