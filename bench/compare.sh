#!/usr/bin/env bash
# Side-by-side comparison of qingdan and Hugo on the same items (issue 7).
#
#   bash bench/compare.sh                      # province tier, 5 alternating rounds
#   TIER=city RUNS=3 bash bench/compare.sh     # another tier, fewer rounds
#
# In one run on one machine it:
#   1. installs Hugo and GNU time from Debian if they are missing (apt-get; run as root);
#   2. builds qingdan and the synthetic content generator in release mode (not timed);
#   3. generates the tier (examples/synth.rs, seed 42) as a qingdan content folder and, with the
#      same items, a Hugo site: one page per item id and language, the same fields in front
#      matter, a template producing comparable HTML, a list paginated by 250 like ours;
#   4. builds each once untimed (warm caches), then RUNS rounds alternating which goes first:
#      qingdan build, hugo --minify (qingdan minifies too), and `cp -r` of each one's output
#      tree (the floor the file system sets); every timed command starts after `sync`, into a
#      folder that does not exist yet;
#   5. prints the medians (wall time, peak RSS from /usr/bin/time), pages per second (.html
#      files in each output), the ratios and the budgets of issue 7, and writes them to
#      $WORK/report.md.
#
# Environment: TIER (province), SEED (42), RUNS (5), WORK (/var/tmp/qingdan-compare),
# CARGO_TARGET_DIR (target/ of the repo), KEEP=1 to keep the outputs under $WORK/runs,
# SETTLE (370: seconds to wait after removing an earlier run's outputs, see below).
# Disk: about RUNS × 1 GB under $WORK for the province tier while it runs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIER=${TIER:-province}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
WORK=${WORK:-/var/tmp/qingdan-compare}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

say() { printf '== %s\n' "$*" >&2; }

# ---- 1. tools
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if ((${#missing[@]})); then
    say "installing ${missing[*]} from Debian"
    SUDO=
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v cargo >/dev/null 2>&1 || { echo "cargo is needed (https://rustup.rs)" >&2; exit 1; }

# ---- 2. qingdan and the generator, release mode
say "cargo build --release (not timed)"
(cd "$ROOT" && cargo build --release --quiet --bin qingdan --example synth)
QINGDAN=$TARGET/release/qingdan
SYNTH=$TARGET/release/examples/synth

# ---- 3. the same items for both
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
say "generating the $TIER tier (seed $SEED) into $WORK"
"$SYNTH" --tier "$TIER" --seed "$SEED" --out "$WORK/content" --hugo "$WORK/hugo" --if-changed

# Every build and copy writes a folder of its own under $RUNS_DIR, removed only at the end: on
# ext4 without a journal, creating files right after deleting many is slower, which would tax
# whichever tool runs next. The inode allocator skips an inode deleted less than 60 s ago, or
# less than 360 s ago while its inode-table block is dirty (recently_deleted() in
# fs/ext4/ialloc.c), and creating files dirties those blocks again; on this VM cp -r of the
# same tree took 15 s a few minutes after a large delete and 4 s once settled. So after
# removing an earlier run's outputs the script waits SETTLE seconds (370) before timing.
RUNS_DIR=$WORK/runs
if [ -e "$RUNS_DIR" ]; then
    rm -rf "$RUNS_DIR"
    sync
    say "removed the outputs of an earlier run; letting the file system settle (${SETTLE:-370} s)"
    sleep "${SETTLE:-370}"
fi
mkdir -p "$RUNS_DIR"
RAW=$WORK/raw.tsv
: >"$RAW"

q_cmd() { Q_CMD=("$QINGDAN" build --content "$WORK/content" --output "$RUNS_DIR/qingdan-$1"); }
h_cmd() { H_CMD=(hugo --quiet --minify --source "$WORK/hugo" --destination "$RUNS_DIR/hugo-$1"); }

# measure LABEL CMD...: wall time (ms), peak RSS (KiB), user + system CPU (s), into $RAW.
measure() {
    local label=$1 start end
    shift
    sync
    start=$(date +%s%N)
    if ! /usr/bin/time -f '%M %U %S' -o "$WORK/time.txt" "$@" >"$WORK/last.log" 2>&1; then
        cat "$WORK/last.log" >&2
        exit 1
    fi
    end=$(date +%s%N)
    read -r rss user sys < <(tail -n 1 "$WORK/time.txt")
    printf '%s\t%d\t%s\t%s\n' "$label" $(((end - start) / 1000000)) "$rss" \
        "$(awk "BEGIN { printf \"%.2f\", $user + $sys }")" >>"$RAW"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 4. warm-up, then alternating rounds
say "warm-up builds (not timed)"
q_cmd 0
h_cmd 0
"${Q_CMD[@]}" >/dev/null 2>&1
rm -f "$WORK/hugo/.hugo_build.lock"
"${H_CMD[@]}" >/dev/null 2>&1
for round in $(seq 1 "$RUNS"); do
    say "round $round of $RUNS"
    q_cmd "$round"
    h_cmd "$round"
    if ((round % 2)); then order=(qingdan hugo); else order=(hugo qingdan); fi
    for who in "${order[@]}"; do
        if [ "$who" = qingdan ]; then
            measure qingdan "${Q_CMD[@]}"
        else
            measure hugo "${H_CMD[@]}"
        fi
    done
    measure qingdan-cp cp -r "$RUNS_DIR/qingdan-$round" "$RUNS_DIR/qingdan-copy-$round"
    measure hugo-cp cp -r "$RUNS_DIR/hugo-$round" "$RUNS_DIR/hugo-copy-$round"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
Q_OUT=$RUNS_DIR/qingdan-1
H_OUT=$RUNS_DIR/hugo-1

# ---- 5. report
median() { # LABEL COLUMN
    awk -F'\t' -v l="$1" -v c="$2" '$1 == l { print $c }' "$RAW" | sort -n |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
all() { awk -F'\t' -v l="$1" '$1 == l { printf "%s%s", sep, $2; sep = ", " }' "$RAW"; }
pages() { find "$1" -name '*.html' | wc -l; }
mb() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

QP=$(pages "$Q_OUT")
HP=$(pages "$H_OUT")
QW=$(median qingdan 2)
HW=$(median hugo 2)
QR=$(median qingdan 3)
HR=$(median hugo 3)
QCPU=$(median qingdan 4)
HCPU=$(median hugo 4)
QC=$(median qingdan-cp 2)
HC=$(median hugo-cp 2)
QPS=$(calc %.0f "$QP / ($QW / 1000)")
HPS=$(calc %.0f "$HP / ($HW / 1000)")
LARGEST=$(find "$Q_OUT" -name '*.html' -printf '%s %P\n' | sort -n | tail -n 1)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEM=$(free -g | awk '/^Mem:/ { print $2 }')
HUGO_VERSION=$(hugo version | awk '{ print $2 }')
REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo "+changes" || true)

budget() { # NAME ACTUAL LIMIT (holds when ACTUAL <= LIMIT)
    if awk "BEGIN { exit !(($2) <= ($3)) }"; then echo "holds"; else calc "misses by %.2f×" "($2) / ($3)"; fi
}

{
    echo "## qingdan vs Hugo: $TIER tier (seed $SEED), $RUNS alternating rounds"
    echo
    echo "Machine: $(nproc) cores ($CPU), ${MEM} GiB RAM, $(uname -sr), $(df -T "$WORK" | awk 'NR == 2 { print $2 }') file system."
    echo "qingdan $REV$DIRTY (release build); Hugo $HUGO_VERSION (Debian package), run with --minify."
    echo "Load average before the timed rounds $LOAD_BEFORE, after $LOAD_AFTER (a quiet machine stays near 0)."
    echo
    echo "| | qingdan | Hugo | qingdan / Hugo |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| pages (.html files) | $QP | $HP | $(calc %.2f "$QP / $HP") |"
    echo "| output | $(mb "$Q_OUT") MB | $(mb "$H_OUT") MB | |"
    echo "| wall time, median | $QW ms | $HW ms | $(calc %.2f "$QW / $HW") |"
    echo "| CPU time (user + system), median | $QCPU s | $HCPU s | $(calc %.2f "$QCPU / $HCPU") |"
    echo "| peak RSS, median | $(calc %.0f "$QR / 1024") MiB | $(calc %.0f "$HR / 1024") MiB | $(calc %.2f "$QR / $HR") |"
    echo "| pages per second | $QPS | $HPS | $(calc %.2f "$QPS / $HPS") |"
    echo "| \`cp -r\` of its own output, median | $QC ms | $HC ms | |"
    echo "| wall time / \`cp -r\` | $(calc %.2f "$QW / $QC") | $(calc %.2f "$HW / $HC") | |"
    echo
    echo "All runs (ms): qingdan $(all qingdan); Hugo $(all hugo); cp -r qingdan $(all qingdan-cp); cp -r Hugo $(all hugo-cp)."
    echo "Largest qingdan page: ${LARGEST#* } ($(calc %.1f "${LARGEST%% *} / 1000") KB)."
    echo
    echo "Budgets (issue 7):"
    echo
    echo "- pages per second ≥ 2.5 × Hugo's: $(calc %.2f "$QPS / $HPS") × — $(budget pps "2.5 * $HPS" "$QPS")"
    echo "- wall time ≤ 1.5 × \`cp -r\` of the output: $(calc %.2f "$QW / $QC") × — $(budget cp "$QW" "1.5 * $QC")"
    echo "- peak RSS ≤ 1 GiB: $(calc %.0f "$QR / 1024") MiB — $(budget rss "$QR" 1048576)"
    echo "- no page over 200 KB: $(calc %.1f "${LARGEST%% *} / 1000") KB — $(budget page "${LARGEST%% *}" 200000)"
    echo
    echo "Reproduce: \`TIER=$TIER SEED=$SEED RUNS=$RUNS bash bench/compare.sh\`"
} | tee "$WORK/report.md"

if [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$RUNS_DIR"
fi
