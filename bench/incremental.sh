#!/usr/bin/env bash
# Incremental builds (issue 21): per tier, a cold build against a rebuild after one item's
# field is edited in the newest version, side by side in one run, in tmpfs and on disk; and
# the first build with the cache (a cold build that also writes the cache) against one
# without, to show what keeping the cache costs a cold build.
#
#   bash bench/incremental.sh                          # district, city and province; 3 rounds
#   TIERS=city RUNS=5 bash bench/incremental.sh        # one tier, more rounds
#   BASE=/tmp/qingdan-old bash bench/incremental.sh    # also an earlier binary's rebuild
#
# For each tier and place (tmpfs: /dev/shm; disk: $DISK) and each round it:
#   1. makes the tier's content (examples/synth.rs, seed 42) and a copy with the first
#      "working days" of the newest version file changed to "business days";
#   2. runs, alternating which goes first: a cold build (`--no-cache`, into a new folder), a
#      first build with the cache (into a new folder, writing its cache), and an incremental
#      one (into an output folder built from the unedited content with the cache, its cache
#      beside it; then the edited content is built into it, timed);
#   3. counts the files the incremental build rewrote (the lines of its `changes.txt`, which
#      lists every file added, changed or removed; the others are the previous files, linked).
# With BASE (an earlier qingdan binary), each round also times that binary's one-item rebuild
# into an output it built itself, right before or after this one's (alternating), so the two
# compare in one run on the same disk.
# It prints the medians and the ratios against issue 21's budgets, and writes them to
# $WORK/incremental.md. Wall times are from `date +%s%N` around the command, after `sync`.
#
# Environment: TIERS ("district city province"), RUNS (3), SEED (42), BASE, WORK
# (/var/tmp/qingdan-incremental, for the content and the disk runs), DISK ($WORK/disk),
# CARGO_TARGET_DIR. Disk: about 3 GB under $WORK for the province tier; tmpfs the same.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIERS=${TIERS:-district city province}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
WORK=${WORK:-/var/tmp/qingdan-incremental}
DISK=${DISK:-$WORK/disk}
SHM=/dev/shm/qingdan-incremental-$$
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

say() { printf '== %s\n' "$*" >&2; }
trap 'rm -rf "$SHM"' EXIT

say "cargo build --release (not timed)"
(cd "$ROOT" && cargo build --release --quiet --bin qingdan --example synth)
QINGDAN=$TARGET/release/qingdan
SYNTH=$TARGET/release/examples/synth
mkdir -p "$WORK" "$DISK" "$SHM"

# Milliseconds that "$@" takes.
timed() {
    sync
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

report=$WORK/incremental.md
BASE=${BASE:-}
{
    if [ -n "$BASE" ]; then
        echo "| tier | place | files | cold build | first build with the cache | one-item rebuild | rebuild / cold | files rewritten | rebuild, BASE | BASE / cold |"
        echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    else
        echo "| tier | place | files | cold build | first build with the cache | one-item rebuild | rebuild / cold | files rewritten |"
        echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    fi
} >"$report"

for tier in $TIERS; do
    content=$WORK/$tier
    say "generating the $tier tier (seed $SEED)"
    rm -rf "$content" "$content-edited"
    "$SYNTH" --tier "$tier" --seed "$SEED" --out "$content" >/dev/null
    cp -r "$content" "$content-edited"
    newest=$(ls "$content-edited"/certificates/*.yaml | sort | tail -1)
    python3 - "$newest" <<'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
at = text.index("working days")
open(path, "w", encoding="utf-8").write(text[:at] + "business days" + text[at + 12:])
EOF
    for place in tmpfs disk; do
        base=$SHM
        [ "$place" = disk ] && base=$DISK
        colds=() firsts=() rebuilds=() rewritten=() olds=() files=0
        for round in $(seq 1 "$RUNS"); do
            rm -rf "$base/cold" "$base/first" "$base/first.qingdan-cache" "$base/inc" "$base/inc.qingdan-cache" \
                "$base/old" "$base/old.qingdan-cache"
            # The previous site and its cache, from the unedited content (not timed).
            "$QINGDAN" -q build --content "$content" --output "$base/inc"
            [ -n "$BASE" ] && "$BASE" -q build --content "$content" --output "$base/old"
            cold() { colds+=("$(timed "$QINGDAN" -q build --no-cache --content "$content-edited" --output "$base/cold")"); }
            first() { firsts+=("$(timed "$QINGDAN" -q build --content "$content-edited" --output "$base/first")"); }
            inc() { rebuilds+=("$(timed "$QINGDAN" -q build --content "$content-edited" --output "$base/inc")"); }
            old() { [ -z "$BASE" ] || olds+=("$(timed "$BASE" -q build --content "$content-edited" --output "$base/old")"); }
            if ((round % 2)); then cold; first; inc; old; else old; inc; first; cold; fi
            rewritten+=("$(wc -l <"$base/inc/changes.txt")")
            files=$(find "$base/inc" -type f | wc -l)
            say "$tier $place round $round: cold ${colds[-1]} ms, first with cache ${firsts[-1]} ms, rebuild ${rebuilds[-1]} ms, ${rewritten[-1]} files rewritten${BASE:+, rebuild by BASE ${olds[-1]} ms}"
        done
        c=$(printf '%s\n' "${colds[@]}" | median)
        f=$(printf '%s\n' "${firsts[@]}" | median)
        r=$(printf '%s\n' "${rebuilds[@]}" | median)
        w=$(printf '%s\n' "${rewritten[@]}" | median)
        ratio=$(awk -v r="$r" -v c="$c" 'BEGIN {printf "%.0f %%", 100 * r / c}')
        share=$(awk -v w="$w" -v f="$files" 'BEGIN {printf "%.2f %%", 100 * w / f}')
        if [ -n "$BASE" ]; then
            o=$(printf '%s\n' "${olds[@]}" | median)
            old_ratio=$(awk -v r="$o" -v c="$c" 'BEGIN {printf "%.0f %%", 100 * r / c}')
            echo "| $tier | $place | $files | $c ms | $f ms | $r ms | $ratio | $w ($share) | $o ms | $old_ratio |" >>"$report"
        else
            echo "| $tier | $place | $files | $c ms | $f ms | $r ms | $ratio | $w ($share) |" >>"$report"
        fi
        rm -rf "$base/cold" "$base/first" "$base/first.qingdan-cache" "$base/inc" "$base/inc.qingdan-cache" \
            "$base/old" "$base/old.qingdan-cache"
    done
done

{
    echo
    echo "Medians of $RUNS rounds, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)."
    echo "Budgets (issue 21): province rebuild ≤ 10 % of cold and < 1 % of files rewritten;"
    echo "district cold < 50 ms in tmpfs, one-item rebuild < 20 ms."
} >>"$report"
cat "$report"
