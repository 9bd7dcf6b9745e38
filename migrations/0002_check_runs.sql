-- Migration number: 0002
-- The Worker's check runs (issue 10): a run fanned out over queue messages, one group of about 200
-- links of one host per message, results staged per (run, url) until finalize messages commit them
-- slice by slice into links/checks/events (0001) and the report is written. Also host leases, so two
-- consumers never work on one host at once. The Node SQLite store gets these tables too (one
-- migration list, one schema) and leaves them empty.

-- One run. state: checking -> finalizing -> reporting -> closed.
CREATE TABLE IF NOT EXISTS check_runs (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  state TEXT NOT NULL,
  links INTEGER NOT NULL,
  groups_total INTEGER NOT NULL,
  -- 1: closed by a later cron before every group was done (lost messages); report.json "partial".
  partial INTEGER NOT NULL DEFAULT 0,
  -- Decided when finalizing starts (links/offline.ts over every result).
  offline INTEGER,
  slices INTEGER,
  -- The last time anything of this run moved; a run still for too long lost its messages.
  progress_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS check_runs_by_state ON check_runs (state, started_at);

-- The groups of a run (one asset file each); done when every link of the group has a result.
CREATE TABLE IF NOT EXISTS check_run_groups (
  run_id TEXT NOT NULL,
  grp INTEGER NOT NULL,
  file TEXT NOT NULL,
  host TEXT NOT NULL,
  links INTEGER NOT NULL,
  done_at TEXT,
  PRIMARY KEY (run_id, grp)
);
CREATE INDEX IF NOT EXISTS check_run_groups_open ON check_run_groups (run_id, done_at);

-- What a consumer found, one row per (run, url), written once: a repeated or late message changes nothing.
CREATE TABLE IF NOT EXISTS check_results (
  run_id TEXT NOT NULL,
  url TEXT NOT NULL,
  grp INTEGER NOT NULL,
  host TEXT NOT NULL,
  status TEXT NOT NULL,
  -- 1: failed before any server answered, as a local outage fails (offline detection).
  unanswered INTEGER NOT NULL,
  -- The LinkCheckResult and the citing items, as JSON.
  result TEXT NOT NULL,
  items TEXT NOT NULL,
  PRIMARY KEY (run_id, url)
);
CREATE INDEX IF NOT EXISTS check_results_by_group ON check_results (run_id, grp);

-- Finalize slices: the results from first_url up to the next slice's first_url.
CREATE TABLE IF NOT EXISTS check_run_slices (
  run_id TEXT NOT NULL,
  slice INTEGER NOT NULL,
  first_url TEXT NOT NULL,
  events INTEGER NOT NULL DEFAULT 0,
  committed_at TEXT,
  PRIMARY KEY (run_id, slice)
);

-- report.json's links of a run, written by the slices, read by the report step: each link as it
-- appears in report.json (indented, secrets redacted) and its length in UTF-8 bytes.
CREATE TABLE IF NOT EXISTS check_report_links (
  run_id TEXT NOT NULL,
  url TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  link TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (run_id, url)
);

-- One consumer at a time per host: taken with an atomic update where the lease has run out.
CREATE TABLE IF NOT EXISTS host_leases (
  host TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until TEXT NOT NULL
);
