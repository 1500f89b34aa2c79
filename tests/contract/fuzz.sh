#!/usr/bin/env bash
# `make fuzz`: Schemathesis against a live server holding the seed report, on a database of its own.
#
# SQLite by default; with DATABASE_URL set to postgres://.../NAME, on a fresh database NAME_fuzz on
# the same server. Every check, positive and negative data, the stateful phase, a fixed seed.
# Writes are sent with a curator's API token; the ignored_auth check also sends them without.
# FUZZ_EXAMPLES (default 100) is the number of examples per operation and phase.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=.venv/bin
PORT=${FUZZ_PORT:-8765}
EXAMPLES=${FUZZ_EXAMPLES:-100}
SEED=${FUZZ_SEED:-20250201}
REPORT_DIR=${FUZZ_REPORT_DIR:-test-artefacts/fuzz}
work=$(mktemp -d)

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  database="$(basename "${DATABASE_URL%%\?*}")_fuzz"
  server_url="${DATABASE_URL%/*}"
  psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
  export DATABASE_URL="$server_url/$database"
else
  export DATABASE_URL="sqlite:///$work/fuzz.sqlite3"
fi
# Production settings (DEBUG off: errors are the API's JSON, not debug pages), over plain HTTP.
export DEBUG=0 SECRET_KEY=fuzzing-only-not-a-secret SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
# Rate limits would answer most of the run with 429s.
export THROTTLE_ANON_RATE=1000000/min THROTTLE_USER_RATE=1000000/min LOG_LEVEL=ERROR
echo "== fuzzing on ${DATABASE_URL%%://*}"

$BIN/python manage.py migrate --no-input -v0
$BIN/python manage.py load_gazetteer
$BIN/python manage.py load_demo
# A curator who is also a reviewer, so that the review steps are exercised too.
$BIN/python manage.py ensure_curator --username fuzz-curator >/dev/null
$BIN/python manage.py shell -c "from django.contrib.auth.models import Group, User
User.objects.get(username='fuzz-curator').groups.add(Group.objects.get(name='reviewer'))"
token=$($BIN/python manage.py issue_token fuzz-curator --days 1 | tail -n 1)

# The production server: gunicorn sets TCP_NODELAY, so a response written in several pieces is not
# held back by Nagle's algorithm against the client's delayed ACK (runserver waits ~40 ms a request).
$BIN/gunicorn conflict.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 120 \
  --log-level warning >"$work/server.log" 2>&1 &
server=$!
# Under set -e a failing command in the trap would replace the run's exit status.
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
$BIN/python - "$PORT" <<'WAIT'
import sys, time, urllib.request
for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v1/", timeout=5)
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("The server did not start.")
WAIT

mkdir -p "$REPORT_DIR"
status=0
$BIN/schemathesis run "http://127.0.0.1:$PORT/api/schema/" \
  --url "http://127.0.0.1:$PORT" \
  --header "Authorization: Token $token" \
  --checks all \
  --mode all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$EXAMPLES" \
  --seed "$SEED" \
  --workers 1 \
  --report junit --report-dir "$REPORT_DIR" \
  "$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "== server log (last 80 lines)"
  tail -n 80 "$work/server.log"
fi
exit $status
