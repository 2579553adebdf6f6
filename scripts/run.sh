#!/usr/bin/env bash
# Runs Gongzhi with the PWA on the embedded SQLite default (data/ beside this checkout).
# A new database gets the demo district; its logins are printed at start.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f pwa/dist/index.html ] || [ -n "$(find pwa/src pwa/index.html pwa/vite.config.ts -newer pwa/dist/index.html 2>/dev/null | head -n1)" ]; then
  (cd pwa && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
fi
exec cargo run --release -p api -- "$@"
