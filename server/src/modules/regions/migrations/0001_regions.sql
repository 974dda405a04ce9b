-- The city's map: city → district → street → grid, each with its polygon (GeoJSON, WGS 84 /
-- GCJ-02 as published). Ids are GB/T 2260 codes where the region has one.
CREATE TABLE regions_regions (
  id text PRIMARY KEY,
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('city', 'district', 'street', 'grid')),
  parent_id text REFERENCES regions_regions (id),
  geometry jsonb NOT NULL,
  centroid_lng double precision NOT NULL,
  centroid_lat double precision NOT NULL,
  bbox double precision[] NOT NULL,
  sort_key integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'city') = (parent_id IS NULL))
);
CREATE INDEX regions_regions_parent ON regions_regions (parent_id, sort_key);
CREATE INDEX regions_regions_level ON regions_regions (level, sort_key);
