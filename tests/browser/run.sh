#!/usr/bin/env bash
# Browser, accessibility, CSP, link and HTML-validity tests of the generated site.
#
#   bash tests/browser/run.sh                # everything
#   bash tests/browser/run.sh search.test.mjs a11y.test.mjs   # some files only
#
# Needs (see .ci/install-browser-deps): chromium, a Java runtime, node + npm, and
# `npm ci` done in tests/browser. A missing piece is an error, never a skip.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

fail() {
  echo "tests/browser/run.sh: ERROR: $*" >&2
  echo "tests/browser/run.sh: install the browser test dependencies with: sudo bash .ci/install-browser-deps" >&2
  exit 1
}

# ---- prerequisites: fail loudly ----
command -v node >/dev/null 2>&1 || fail "node is not installed"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "node $(node --version) is too old: node >= 20 is needed (node --test)"
[ -x "$CHROMIUM_PATH" ] || fail "chromium not found at $CHROMIUM_PATH (apt-get install chromium)"
"$CHROMIUM_PATH" --version >/dev/null 2>&1 || fail "$CHROMIUM_PATH --version failed"
command -v java >/dev/null 2>&1 || fail "java is not installed (apt-get install default-jre-headless)"
java -version >/dev/null 2>&1 || fail "java -version failed"
for pkg in playwright-core axe-core parse5 yaml vnu-jar ajv; do
  [ -f "$HERE/node_modules/$pkg/package.json" ] || fail "node module $pkg is missing: run (cd tests/browser && npm ci)"
done
[ -f "$HERE/node_modules/vnu-jar/build/dist/vnu.jar" ] || fail "node_modules/vnu-jar/build/dist/vnu.jar is missing: run (cd tests/browser && npm ci)"
command -v cargo >/dev/null 2>&1 || fail "cargo is not installed"

echo "== browser tests: $(node --version), $("$CHROMIUM_PATH" --version 2>/dev/null | head -n1), $(java -version 2>&1 | head -n1)"

# ---- build the generator and the two sites ----
cd "$ROOT"
echo "== cargo build"
cargo build || { echo "tests/browser/run.sh: ERROR: cargo build failed" >&2; exit 1; }
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/qingdan"
[ -x "$BIN" ] || fail "cargo build did not produce $BIN"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/qingdan-browser.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

echo "== building the sample site (content/)"
"$BIN" build --content "$ROOT/content" --output "$WORK/sample" || { echo "tests/browser/run.sh: ERROR: building the sample site failed" >&2; exit 1; }

echo "== building tests/fixtures/minimal with feedback.action"
cp -R "$ROOT/tests/fixtures/minimal" "$WORK/feedback-content"
site_yaml="$WORK/feedback-content/site.yaml"
grep -q '^categories:' "$site_yaml" || fail "tests/fixtures/minimal/site.yaml has no top-level 'categories:' line"
if grep -q '^feedback:' "$site_yaml"; then
  fail "tests/fixtures/minimal/site.yaml already has feedback: — update tests/browser/run.sh"
fi
awk '/^categories:/ && !done { print "feedback:"; print "  action: https://portal.example.gov.cn/feedback"; done = 1 } { print }' \
  "$site_yaml" > "$site_yaml.new"
mv "$site_yaml.new" "$site_yaml"
"$BIN" build --content "$WORK/feedback-content" --output "$WORK/feedback" || { echo "tests/browser/run.sh: ERROR: building the feedback fixture site failed" >&2; exit 1; }

echo "== building examples/huainan, whole and as one district (--place tianjiaan)"
"$BIN" build --content "$ROOT/examples/huainan" --output "$WORK/huainan" || { echo "tests/browser/run.sh: ERROR: building examples/huainan failed" >&2; exit 1; }
"$BIN" build --content "$ROOT/examples/huainan" --place tianjiaan --output "$WORK/huainan-tianjiaan" || { echo "tests/browser/run.sh: ERROR: building examples/huainan --place tianjiaan failed" >&2; exit 1; }

export QINGDAN_BIN="$BIN"
export QINGDAN_SITE="$WORK/sample"
export QINGDAN_CONTENT="$ROOT/content"
export QINGDAN_FEEDBACK_SITE="$WORK/feedback"
export QINGDAN_FEEDBACK_CONTENT="$WORK/feedback-content"
export QINGDAN_HUAINAN_SITE="$WORK/huainan"
export QINGDAN_HUAINAN_PLACE_SITE="$WORK/huainan-tianjiaan"
export QINGDAN_HUAINAN_CONTENT="$ROOT/examples/huainan"
export CHROMIUM_PATH

# ---- run the tests ----
cd "$HERE"
rm -rf screenshots
mkdir -p screenshots
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(*.test.mjs)
fi
echo "== node --test ${files[*]}"
set +e
node --test --test-concurrency=2 "${files[@]}"
status=$?
set -e
echo "== screenshots: $HERE/screenshots ($(find screenshots -name '*.png' | wc -l) files)"
if [ "$status" -ne 0 ]; then
  echo "tests/browser/run.sh: browser tests FAILED (exit $status)" >&2
fi
exit "$status"
