#!/usr/bin/env bash
# The citizen's search on a phone-class CPU, at a synthetic tier: builds the tier and times
# each request in Chromium with the CPU slowed down (bench/search-speed.mjs says how).
#
#   bash bench/search-speed.sh                  # city tier (1,000 items), CPU 4× slower
#   TIER=district RATE=6 ROUNDS=30 bash bench/search-speed.sh
#
# Needs what the browser tests need (Chromium and `npm ci` in tests/browser). Writes only
# under $WORK (default: a new temporary folder, removed at the end).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TIER="${TIER:-city}"
SEED="${SEED:-42}"
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/qingdan-search-bench.XXXXXX")}"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
# The debug build makes the same site (byte for byte) and is warm where the tests ran.
cargo build --quiet --example synth --bin qingdan
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}/debug"
"$TARGET/examples/synth" --tier "$TIER" --seed "$SEED" --out "$WORK/content" >/dev/null
"$TARGET/qingdan" build --quiet --content "$WORK/content" --output "$WORK/site"
[ -f tests/browser/node_modules/playwright-core/package.json ] \
  || { echo "bench/search-speed.sh: run (cd tests/browser && npm ci) first" >&2; exit 1; }
node bench/search-speed.mjs "$WORK/site"
