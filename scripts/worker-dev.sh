#!/bin/sh
# npm run worker:dev: the Worker on this machine, offline. build:worker, the D1 migrations applied to
# the local database, then `wrangler dev --local --test-scheduled` (D1, R2 and the assets simulated
# under the state folder). wrangler itself replaces this shell (exec), so stopping it stops wrangler.
#   WORKER_DEV_PORT   port on 127.0.0.1 (default 8788); the build's baseUrl follows it
#   WORKER_ASSETS     the assets folder (default .worker-assets, as in wrangler.toml)
#   WORKER_DEV_STATE  wrangler's local state (default .wrangler/state)
set -eu
cd "$(dirname "$0")/.."
port="${WORKER_DEV_PORT:-8788}"
assets="${WORKER_ASSETS:-.worker-assets}"
state="${WORKER_DEV_STATE:-.wrangler/state}"
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true CLOUDFLARE_CF_FETCH_ENABLED=false
npm run --silent build:worker -- --out "$assets" --base-url "http://localhost:$port/"
node_modules/.bin/wrangler d1 migrations apply feedwatch --local --persist-to "$state"
exec node_modules/.bin/wrangler dev --local --test-scheduled --ip 127.0.0.1 --port "$port" \
  --assets "$assets" --persist-to "$state" --show-interactive-dev-session=false
