#!/usr/bin/env bash
# GraphQL fuzzing with schemathesis: one command, bounded (≈ 4 minutes on 2 cores).
#
#   tests/fuzz/run.sh
#
# Starts `gongzhi serve` on the embedded SQLite default in a temp data dir with the demo
# district, signs in every demo account, then runs schemathesis once anonymously and once per
# role against /graphql, with the hooks in hooks.py (custom scalars, the server's error codes,
# the leak check). Checks: not_a_server_error (HTTP 5xx, errors with code INTERNAL or without a
# code), gongzhi_no_internal_leak, and after every run the server must still be alive with
# /healthz 200 and have logged no error or panic. Exits non-zero on any failure; the last line is `fuzz: P passed, F failed`
# (each role run counts as one).
#
# Environment (all optional):
#   GONGZHI_BIN           server binary            (default /work/target/debug/gongzhi)
#   GONGZHI_FUZZ_VENV     venv, outside the repo   (default /var/tmp/gongzhi-fuzz-venv)
#   GONGZHI_FUZZ_SEED     hypothesis seed          (default 20250101)
#   GONGZHI_FUZZ_SECS     time budget per run, s   (default 22)
#   GONGZHI_FUZZ_EXAMPLES max cases per operation  (default 25)
#   GONGZHI_FUZZ_WORKERS  schemathesis workers     (default 2)
#   GONGZHI_FUZZ_ROLES    runs to do               (default "anonymous resident committee
#                                                   property officer supervisor housing")
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SCHEMA="$REPO/api/schema.graphql"
BIN="${GONGZHI_BIN:-/work/target/debug/gongzhi}"
VENV="${GONGZHI_FUZZ_VENV:-/var/tmp/gongzhi-fuzz-venv}"
SEED="${GONGZHI_FUZZ_SEED:-20250101}"
SECS="${GONGZHI_FUZZ_SECS:-22}"
EXAMPLES="${GONGZHI_FUZZ_EXAMPLES:-25}"
WORKERS="${GONGZHI_FUZZ_WORKERS:-2}"
ROLES="${GONGZHI_FUZZ_ROLES:-anonymous resident committee property officer supervisor housing}"

STARTED=$(date +%s)
passed=0
failed=0
finish() {
  # scripts/test.sh searches the server's log for secrets (not schemathesis's own output,
  # which repeats the bearer tokens it was given).
  if [ -n "${GONGZHI_FUZZ_LOG_DIR:-}" ] && [ -f "${LOG:-}" ]; then
    mkdir -p "$GONGZHI_FUZZ_LOG_DIR" && cp "$LOG" "$GONGZHI_FUZZ_LOG_DIR/server.log"
  fi
  echo "fuzz: runtime $(($(date +%s) - STARTED)) s; work dir $WORK"
  echo "fuzz: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

WORK="$(mktemp -d /tmp/gongzhi-fuzz.XXXXXX)"
LOG="$WORK/server.log"
echo "fuzz: work dir $WORK"
echo "fuzz: server log $LOG"

# --- the venv (outside the repo), reinstalled when requirements.txt changes ------------------
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" || { echo "fuzz: cannot create venv $VENV" >&2; failed=1; finish; }
fi
STAMP="$VENV/.gongzhi-requirements.sha256"
WANT="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "fuzz: installing $HERE/requirements.txt into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt" \
    || { echo "fuzz: pip install failed" >&2; failed=1; finish; }
  echo "$WANT" >"$STAMP"
fi
# Hypothesis builds Unicode tables on first use (≈ 5-8 s here) and caches them in its storage
# directory: keep that in the venv and build it now, not inside the first run's time budget.
export HYPOTHESIS_STORAGE_DIRECTORY="$VENV/hypothesis-storage"
"$VENV/bin/python" -c 'from hypothesis.internal.charmap import charmap, intervals_from_codec as c; charmap(); c("utf-8")' \
  || { echo "fuzz: hypothesis does not load" >&2; failed=1; finish; }

# The checks themselves (hooks.py): a check that no longer catches anything must not pass.
if ! "$VENV/bin/python" "$HERE/selftest.py"; then
  for _ in $ROLES; do failed=$((failed + 1)); done
  finish
fi

# --- the server --------------------------------------------------------------------------------
for _ in $(seq 1 60); do [ -x "$BIN" ] && break; sleep 2; done   # may be mid-rebuild
[ -x "$BIN" ] || { echo "fuzz: no server binary at $BIN" >&2; failed=1; finish; }

PORT="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  SERVER_PID=""
}
trap stop_server EXIT

start_server() {
  mkdir -p "$WORK/data"
  echo "fuzz: starting $BIN serve on $BASE" | tee -a "$LOG"
  (cd "$WORK" && exec env GONGZHI_DATA_DIR="$WORK/data" GONGZHI_PORT="$PORT" GONGZHI_HOST=127.0.0.1 \
      GONGZHI_DEMO=true GONGZHI_DEMO_ACTIVITY=true GONGZHI_FILING_MAX_PER_HOUR=1000000 \
      GONGZHI_LOG=info "$BIN" serve >>"$LOG" 2>&1) &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "fuzz: server exited at start (see $LOG)" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz")" = 200 ] && return 0
    sleep 0.25
  done
  echo "fuzz: server not ready after 60 s (see $LOG)" >&2
  return 1
}

server_ok() {
  kill -0 "$SERVER_PID" 2>/dev/null && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$BASE/healthz")" = 200 ]
}

# Logins and the IDs, cursors and matter codes of real rows (prepare.py), once, before any
# fuzzing: failed logins are limited per client address (in the database), and the fuzzer sends
# plenty. After a crash the server restarts on the same data dir and the tokens still hold.
prepare() {
  "$VENV/bin/python" "$HERE/prepare.py" "$BASE/graphql" "$SCHEMA" "$WORK/prepared.json" "$WORK/schemathesis.toml"
}

if ! { start_server && prepare; }; then
  for _ in $ROLES; do failed=$((failed + 1)); done
  tail -n 30 "$LOG" >&2
  finish
fi
echo "fuzz: server ready (pid $SERVER_PID)"

# --- the runs ----------------------------------------------------------------------------------
# Excluded from the role runs (they would end the caller's session, or another role's before
# its own run, and the rest of the run would test only UNAUTHENTICATED):
#   Mutation.logout, Mutation.refreshSession — end a login (a refresh token used twice ends it);
#   Mutation.deactivateAccount — ends an account and all its logins; the harvested IDs include
#     the demo accounts', so a supervisor run would deactivate the other roles.
# The anonymous run keeps all three (an anonymous caller has no session to lose; it gets
# UNAUTHENTICATED, or "unknown token" for a made-up refresh token). Everything else runs for every
# role. Subscriptions (websocket) are not fuzzed: schemathesis generates Query and Mutation only.
# Upload arguments are always null (hooks.py): multipart requests are not fuzzed.
ROLE_EXCLUDE='^Mutation\.(logout|refreshSession|deactivateAccount)$'

export SCHEMATHESIS_HOOKS="$HERE/hooks.py"
export GONGZHI_FUZZ_IDS="$WORK/prepared.json"
SUMMARY=""
for role in $ROLES; do
  echo
  echo "=== fuzz: $role ==="
  args=(run "$SCHEMA" --url "$BASE/graphql"
    --checks not_a_server_error,gongzhi_no_internal_leak
    --seed "$SEED" --max-examples "$EXAMPLES" --max-time "$SECS" --workers "$WORKERS"
    --generation-database none --request-timeout 20 --no-color
    --report junit,ndjson --report-dir "$WORK/report-$role")
  if [ "$role" != anonymous ]; then
    # A fresh 15-minute access token for this run (refreshSession; logins would be refused).
    token="$("$VENV/bin/python" "$HERE/prepare.py" --refresh "$BASE/graphql" "$WORK/prepared.json" "$role")" \
      || { echo "fuzz: no token for $role"; failed=$((failed + 1)); SUMMARY+="$role: no token, FAILED"$'\n'; continue; }
    args+=(-H "Authorization: Bearer $token" --exclude-name-regex "$ROLE_EXCLUDE")
  fi
  log_mark=$(wc -l <"$LOG")
  (cd "$WORK" && "$VENV/bin/st" --config-file "$WORK/schemathesis.toml" "${args[@]}") 2>&1 | tee "$WORK/st-$role.log"
  rc=${PIPESTATUS[0]}
  cases="$(grep -Eo '[0-9]+ generated' "$WORK/st-$role.log" | tail -n1 | grep -Eo '[0-9]+')"
  # Operations the time budget left untested: shown, not failed (a slow machine is no server bug).
  selected="$(grep -Eo '^  Selected: [0-9]+' "$WORK/st-$role.log" | tail -n1 | grep -Eo '[0-9]+')"
  tested="$(grep -Eo '^  Tested: [0-9]+' "$WORK/st-$role.log" | tail -n1 | grep -Eo '[0-9]+')"
  coverage="${tested:-?}/${selected:-?} operations"
  if [ -n "$selected" ] && [ "${tested:-0}" -lt "$selected" ]; then
    coverage="$coverage (WARNING: time budget ran out before every operation was tried)"
  fi
  if server_ok; then alive=yes; else alive=no; fi
  # The run's token must still be accepted at its end, or the run tested only UNAUTHENTICATED.
  if [ "$role" != anonymous ] && [ "$alive" = yes ] && ! curl -s --max-time 10 "$BASE/graphql" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
      -d '{"query":"{ me { role } }"}' | grep -q '"role"'; then
    echo "fuzz: the $role token was no longer accepted at the end of its run" >&2
    rc="$rc, session lost"
  fi
  # The server logs every internal error (ApiError::Internal, whether the client saw it as an
  # INTERNAL error or inside a payload's userErrors) at ERROR; a panic prints "panicked". Not
  # counted: actix's "request parse error" for the malformed HTTP that schemathesis's
  # capability probe sends (a NULL byte in a header), refused with 400 before our code runs.
  log_errors="$(tail -n +"$((log_mark + 1))" "$LOG" | grep -E '"level":"ERROR"|panicked' \
    | grep -v '"message":"stream error: request parse error: invalid Header provided","target":"actix_http::h1::dispatcher"')"
  if [ -n "$log_errors" ]; then
    echo "fuzz: server errors logged during the $role run:" >&2
    printf '%s\n' "$log_errors" | head -n 20 >&2
  fi
  if [ "${tested:-0}" -eq 0 ]; then
    rc="$rc, nothing tested"
  fi
  if [ "$rc" = 0 ] && [ "$alive" = yes ] && [ -z "$log_errors" ]; then
    passed=$((passed + 1)); verdict=passed
  else
    failed=$((failed + 1))
    verdict="FAILED (schemathesis exit $rc, server alive+healthz: $alive, errors logged: $(printf '%s' "$log_errors" | grep -c .))"
  fi
  SUMMARY+="$role: ${cases:-?} cases, $coverage, $verdict"$'\n'
  if [ "$alive" = no ]; then
    echo "fuzz: the server died or /healthz failed during the $role run — last log lines:" >&2
    tail -n 40 "$LOG" >&2
    stop_server
    start_server || echo "fuzz: could not restart the server" >&2
  fi
done

echo
echo "=== fuzz: summary (seed $SEED, ≤ $SECS s and ≤ $EXAMPLES cases per operation per run) ==="
printf '%s' "$SUMMARY"
finish
