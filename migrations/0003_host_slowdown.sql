-- Migration number: 0003
-- A host that answered 429 stays slowed down for the rest of its run on the Worker, as it does in the
-- Node checker (links/politeness.ts: one request at a time, the interval doubling), although each
-- queue message checks it in a new invocation: the lease row keeps the run it was slowed in and the
-- interval reached. A message of that run that takes the lease checks the host one request at a time,
-- that far apart, and gives the lease back only that long after its last request.
ALTER TABLE host_leases ADD COLUMN slow_run TEXT;
ALTER TABLE host_leases ADD COLUMN slow_ms INTEGER NOT NULL DEFAULT 0;
