#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine:
#   installs what it needs (Chromium and a CJK font from Debian, npm packages from the lock
#   file), checks formatting and lints, runs the Rust tests on SQLite and PostgreSQL, and the
#   PWA's unit and browser tests against the real server.
#
# PostgreSQL: GONGZHI_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432), else a
# server answering at 127.0.0.1:5432, else a throwaway cluster started here when PostgreSQL's
# binaries exist. With GONGZHI_REQUIRE_POSTGRES=1 (CI) having none is a failure; otherwise
# the PostgreSQL variants are skipped with a loud warning.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
LOGS=$(mktemp -d)
step() { printf '\n==> %s\n' "$*"; }

step "system packages (Chromium, CJK font)"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${need[*]}; run as root or install them: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "npm packages (from pwa/package-lock.json)"
if [ ! -d pwa/node_modules ] || [ pwa/package-lock.json -nt pwa/node_modules/.package-lock.json ]; then
  (cd pwa && npm ci --no-audit --no-fund)
fi

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "build the server"
cargo build -p api
export GONGZHI_BIN="$CARGO_TARGET_DIR/debug/gongzhi"

step "PostgreSQL"
PG_TMP=""
cleanup() {
  if [ -n "$PG_TMP" ]; then
    su postgres -c "pg_ctl -D '$PG_TMP/data' -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
trap cleanup EXIT
pg_ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$1" -p "$2"; }
if [ -z "${GONGZHI_TEST_POSTGRES_URL:-}" ]; then
  if pg_ready 127.0.0.1 5432; then
    export GONGZHI_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432"
  else
    INITDB=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n1 || true)
    if [ -n "$INITDB" ] && id postgres >/dev/null 2>&1; then
      BIN=$(dirname "$INITDB")
      PG_TMP=$(mktemp -d) && chmod 777 "$PG_TMP"
      PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      su postgres -c "$BIN/initdb -D '$PG_TMP/data' -U postgres --auth=trust -E UTF8 >/dev/null"
      su postgres -c "$BIN/pg_ctl -D '$PG_TMP/data' -l '$PG_TMP/log' -o \"-p $PORT -k '$PG_TMP' -c listen_addresses=127.0.0.1\" -w start" >/dev/null
      export GONGZHI_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT"
    fi
  fi
fi
SKIP_PG=()
if [ -n "${GONGZHI_TEST_POSTGRES_URL:-}" ]; then
  echo "using $GONGZHI_TEST_POSTGRES_URL"
elif [ "${GONGZHI_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "PostgreSQL is required (GONGZHI_REQUIRE_POSTGRES=1) but none is reachable" >&2
  exit 1
else
  echo "WARNING: no PostgreSQL reachable: the PostgreSQL variants are SKIPPED in this run" >&2
  SKIP_PG=(--skip postgres)
fi

step "Rust tests"
# The servers the tests start log into files here, as in production; searched for secrets below.
export GONGZHI_TEST_LOG_DIR="$LOGS/server-logs"
mkdir -p "$GONGZHI_TEST_LOG_DIR"
cargo test --workspace --all-targets -- "${SKIP_PG[@]}" 2>&1 | tee "$LOGS/rust.log"

step "PWA: typecheck, build, unit tests"
(cd pwa && npm test) 2>&1 | tee "$LOGS/pwa.log"

step "PWA: browser tests (Chromium against the real server)"
(cd pwa && npm run e2e) 2>&1 | tee "$LOGS/e2e.log"

step "fault harness (docs/RELIABILITY.md): R1–R8 on its own PostgreSQL cluster"
python3 tests/faults/harness.py --bin "$GONGZHI_BIN" --log-dir "$GONGZHI_TEST_LOG_DIR/faults" 2>&1 | tee "$LOGS/faults.log"

step "fuzzing /graphql with schemathesis, once per role (tests/fuzz)"
GONGZHI_FUZZ_LOG_DIR="$GONGZHI_TEST_LOG_DIR/fuzz" bash tests/fuzz/run.sh 2>&1 | tee "$LOGS/fuzz.log"

step "logs: no token, password, secret or phone number in what the servers wrote"
# First on planted secrets, so the check is shown able to fail.
printf '%s\n' '{"message":"login gongzhi-demo from 13912345678"}' >"$LOGS/planted.log"
if python3 scripts/check-logs.py "$LOGS/planted.log" >/dev/null; then
  echo "check-logs.py missed planted secrets" >&2
  exit 1
fi
python3 scripts/check-logs.py "$GONGZHI_TEST_LOG_DIR" pwa/e2e/out/server.log 2>&1 | tee "$LOGS/check-logs.log"

# One closing line for the whole run.
strip() { sed 's/\x1b\[[0-9;]*m//g' "$1"; }
rust_passed=$(strip "$LOGS/rust.log" | grep -oE '^test result: ok\. [0-9]+ passed' | awk '{s+=$4} END {print s+0}')
rust_failed=$(strip "$LOGS/rust.log" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
vitest_passed=$(cat <(strip "$LOGS/pwa.log") <(strip "$LOGS/e2e.log") | grep -E '^ +Tests ' | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
skipped=$([ ${#SKIP_PG[@]} -gt 0 ] && echo ", postgres variants skipped" || true)
echo
# The harness, the fuzzer and the log check each end with "<name>: P passed, F failed".
tail_counts() { strip "$1" | grep -E "^$2: [0-9]+ passed, [0-9]+ failed" | tail -n1; }
other_passed=0
other_failed=0
for part in "faults faults" "fuzz fuzz" "check-logs logs"; do
  set -- $part
  line=$(tail_counts "$LOGS/$1.log" "$2")
  if [ -z "$line" ]; then
    echo "$2: no result line" >&2
    exit 1
  fi
  other_passed=$((other_passed + $(echo "$line" | awk '{print $2}')))
  other_failed=$((other_failed + $(echo "$line" | awk '{print $4}')))
done
echo "all: $((rust_passed + vitest_passed + other_passed)) passed, $((rust_failed + other_failed)) failed$skipped"
[ "$((rust_failed + other_failed))" -eq 0 ]
