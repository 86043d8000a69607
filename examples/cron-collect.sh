#!/bin/sh
# Under cron (e.g. */5 * * * *): append what is new in /var/log since the
# last run to one NDJSON file per day.  The checkpoint makes each run start
# where the previous one stopped; files created between runs are read whole.
set -eu
mkdir -p /var/lib/lc /srv/collected
exec /usr/local/bin/lc-tail --once --checkpoint /var/lib/lc/cron-tail.json '/var/log/**/*.log' \
    >>"/srv/collected/$(date +%F).ndjson"
