#!/usr/bin/env bash
# The places tier (issue 20): a province's tree of 1,622 places over the district tier's list
# (60 items × 10 versions), 37 of them with local rules (examples/synth.rs --tier places), built
# side by side with the same content without the local rules and without places.yaml, so that
# what the places cost, and what each place that differs costs, can be read off one run.
#
#   bash bench/places.sh                 # 3 rounds, in memory (/dev/shm) and on disk
#   ROUNDS=5 DISK=/var/tmp bash bench/places.sh
#
# Rounds alternate the order of the variants and of memory and disk; each line gives wall and
# CPU seconds (GNU time) and peak RSS. Budget (issue 20): the whole tree under 30 s on 2 cores
# with RSS at most 1 GiB. Nothing here is a test: it prints figures.
#
# Environment: ROUNDS (3), SEED (42), SHM (/dev/shm/qingdan-places), DISK (target/bench-places),
# CARGO_TARGET_DIR (target/ of the repo).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
SEED=${SEED:-42}
SHM=${SHM:-/dev/shm/qingdan-places}
DISK=${DISK:-$ROOT/target/bench-places}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/qingdan

say() { printf '== %s\n' "$*" >&2; }
command -v /usr/bin/time >/dev/null || { echo "bench/places.sh: GNU time (/usr/bin/time) is needed" >&2; exit 1; }

say "cargo build --release"
(cd "$ROOT" && cargo build --release --quiet --bin qingdan --example synth)
mkdir -p "$SHM" "$DISK"
"$TARGET/release/examples/synth" --tier places --seed "$SEED" --out "$SHM/places"
rm -rf "$SHM/no-deltas" "$SHM/no-places"
cp -r "$SHM/places" "$SHM/no-deltas" && rm -rf "$SHM/no-deltas/places"
cp -r "$SHM/no-deltas" "$SHM/no-places" && rm "$SHM/no-places/places.yaml"
"$BIN" check --content "$SHM/places" >/dev/null 2>&1 || { echo "bench/places.sh: the places tier does not check" >&2; exit 1; }

run() { # VARIANT WHERE
    local out="$2/out-$1"
    rm -rf "$out"
    /usr/bin/time -f "%e %U %S %M" -o "$SHM/time" "$BIN" build --content "$SHM/$1" --output "$out" >/dev/null 2>&1
    read -r wall user sys rss < "$SHM/time"
    local files bytes
    files=$(find "$out" -type f | wc -l)
    bytes=$(du -sb "$out" | cut -f1)
    printf '%-10s %-6s wall %6.2f s  cpu %6.2f s  rss %5d MiB  %6d files  %7.1f MB\n' \
        "$1" "$3" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$files" "$(echo "$bytes / 1000000" | bc -l)"
}

variants=(no-places no-deltas places)
for round in $(seq 1 "$ROUNDS"); do
    say "round $round"
    order=("${variants[@]}")
    [ $((round % 2)) -eq 0 ] && order=(places no-deltas no-places)
    for v in "${order[@]}"; do
        if [ $((round % 2)) -eq 1 ]; then
            run "$v" "$SHM" memory; run "$v" "$DISK" disk
        else
            run "$v" "$DISK" disk; run "$v" "$SHM" memory
        fi
    done
done
rm -rf "$SHM"/out-* "$DISK"/out-*
