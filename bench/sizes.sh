#!/usr/bin/env bash
# What the output is made of, by file kind and by page kind (issue 21), and a check that a
# smaller output still serves every path an earlier binary's output has.
#
#   bash bench/sizes.sh                          # province tier, this checkout's release binary
#   BASE=/path/to/old/qingdan bash bench/sizes.sh   # also an earlier binary: both breakdowns,
#                                                   # and every path of its output must remain
#   TIER=city bash bench/sizes.sh                # another tier
#
# It builds qingdan and the synthetic content generator in release mode, generates the tier
# (examples/synth.rs, seed 42) and builds it into WORK (default /dev/shm/qingdan-sizes: in
# memory, so the disk plays no part; the province needs about 1.3 GB there per output), then
# sums the sizes of the files with `find -printf %s`: by extension, and by kind of path (the
# language prefix `en/`, dates, item ids and page numbers folded, so `items/ID/index.html`
# counts every item page of both languages), and the total of the kinds of files issue 21's
# budget covers (those of its filing; kinds added since are summed apart). Sizes are of the
# files as uploaded (a hard link counts each time). Nothing is timed. Exit status 1 if a path
# of BASE's output is missing.
#
# Environment: TIER (province), SEED (42), WORK, BASE, CARGO_TARGET_DIR (target/ of the repo).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIER=${TIER:-province}
SEED=${SEED:-42}
WORK=${WORK:-/dev/shm/qingdan-sizes}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

say() { printf '== %s\n' "$*" >&2; }

say "cargo build --release"
(cd "$ROOT" && cargo build --release --quiet --bin qingdan --example synth)
mkdir -p "$WORK"
"$TARGET/release/examples/synth" --tier "$TIER" --seed "$SEED" --out "$WORK/content" --if-changed

build() { # BINARY OUT
    rm -rf "$2"
    "$1" build --content "$WORK/content" --output "$2" >/dev/null
}

by_extension() {
    find "$1" -type f -printf '%s %f\n' |
        awk '{ n = split($2, a, "."); e = (n > 1) ? a[n] : "-"; s[e] += $1; c[e]++ }
             END { for (e in s) printf "%s\t%d\t%.1f\n", e, c[e], s[e] / 1e6 }' | sort -t$'\t' -k3 -rn
}

by_kind() {
    find "$1" -type f -printf '%s %P\n' |
        sed -E 's#^([0-9]+) en/#\1 #; s#[0-9]{4}-[0-9]{2}-[0-9]{2}#DATE#g; s#items/[^/]+/#items/ID/#; s#page/[0-9]+/#page/N/#' |
        awk '{ s[$2] += $1; c[$2]++ } END { for (k in s) printf "%s\t%d\t%.1f\n", k, c[k], s[k] / 1e6 }' |
        sort -t$'\t' -k3 -rn
}

total() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }'; }

# Issue 21's budget: the kinds of files the output had when the issue was filed (728.8 MB at
# the province tier) at most half that size. Kinds added since are counted apart: issue 18's
# official tables (`versions/DATE/table/`, `table/`), per-version CSV and workbooks, and issue
# 21's own change lists (`changes.json`, `changes.txt`).
BUDGET_MB=364.4
by_age() {
    find "$1" -type f -printf '%s %P\n' | sed -E 's#^([0-9]+) en/#\1 #' |
        awk -v budget="$BUDGET_MB" '
            { later = ($2 ~ /^versions\/[^/]+\/table\// || $2 ~ /^table\// ||
                       $2 ~ /^data\/versions\/.*\.csv$/ || $2 ~ /\.xlsx$/ ||
                       $2 == "changes.json" || $2 == "changes.txt")
              if (later) n += $1; else e += $1 }
            END { printf "kinds of issue 21'"'"'s filing: %.1f MB (budget %.1f MB: %s); kinds added since: %.1f MB\n",
                         e / 1e6, budget, (e / 1e6 <= budget) ? "holds" : "missed", n / 1e6 }'
}

report() { # NAME OUT
    printf '\n%s: %s MB in %d files\n\nby extension (extension, files, MB):\n' \
        "$1" "$(total "$2")" "$(find "$2" -type f | wc -l)"
    by_extension "$2"
    printf '\n'
    by_age "$2"
    printf '\nby kind of path, largest 25 (path, files, MB):\n'
    by_kind "$2" | head -n 25
}

say "building the $TIER tier with this checkout into $WORK/out"
build "$TARGET/release/qingdan" "$WORK/out"
report "this checkout" "$WORK/out"

if [ -n "${BASE:-}" ]; then
    say "building the $TIER tier with $BASE into $WORK/out-base"
    build "$BASE" "$WORK/out-base"
    report "BASE ($BASE)" "$WORK/out-base"
    (cd "$WORK/out-base" && find . -type f | sort) >"$WORK/paths-base.txt"
    (cd "$WORK/out" && find . -type f | sort) >"$WORK/paths.txt"
    missing=$(comm -23 "$WORK/paths-base.txt" "$WORK/paths.txt")
    if [ -n "$missing" ]; then
        printf '\npaths of BASE missing now:\n%s\n' "$missing"
        exit 1
    fi
    printf '\nevery one of the %d paths of BASE is still served; new paths: %s\n' \
        "$(wc -l <"$WORK/paths-base.txt")" \
        "$(comm -13 "$WORK/paths-base.txt" "$WORK/paths.txt" | tr '\n' ' ')"
fi
