-- Government departments (委办局) at city level and their district counterparts; handlers and
-- reviewers belong to one. Cases are dispatched to departments, applications reviewed by them.
CREATE TABLE identity_departments (
  id text PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  short_name text NOT NULL,
  name_en text NOT NULL,
  region_id text NOT NULL,
  UNIQUE (code, region_id)
);
CREATE INDEX identity_departments_region ON identity_departments (region_id);

ALTER TABLE identity_accounts ADD COLUMN department_id text REFERENCES identity_departments (id);
