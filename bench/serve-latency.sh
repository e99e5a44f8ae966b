#!/usr/bin/env bash
# How long a save takes to show on the page open in `qingdan serve` (issue 21's budget: the
# same one-item edit at the city tier shown in < 200 ms), with the build cache on and off,
# measured in headless Chromium (bench/serve-latency.mjs says how). A benchmark, not a test.
#
#   bash bench/serve-latency.sh                       # city tier (1,000 items), 10 edits a run
#   TIER=district ROUNDS=3 bash bench/serve-latency.sh
#
# Needs what the browser tests need (Chromium and `npm ci` in tests/browser). Writes only
# under $WORK (default: a new temporary folder, removed at the end); the report is printed
# and written to $WORK/serve-latency.md (set WORK to keep it).
# Environment: TIER (city), SEED (42), ROUNDS (10), WORK, CARGO_TARGET_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TIER="${TIER:-city}"
SEED="${SEED:-42}"
export ROUNDS="${ROUNDS:-10}"
if [ -z "${WORK:-}" ]; then
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/qingdan-serve-bench.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"

cd "$ROOT"
# Release, as a clerk's installed binary is; the timings of a debug build say little.
cargo build --release --quiet --example synth --bin qingdan
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}/release"
rm -rf "$WORK/content"
"$TARGET/examples/synth" --tier "$TIER" --seed "$SEED" --out "$WORK/content" >/dev/null
[ -f tests/browser/node_modules/playwright-core/package.json ] \
  || { echo "bench/serve-latency.sh: run (cd tests/browser && npm ci) first" >&2; exit 1; }
TIER="$TIER" node bench/serve-latency.mjs "$TARGET/qingdan" "$WORK/content" | tee "$WORK/serve-latency.md"
