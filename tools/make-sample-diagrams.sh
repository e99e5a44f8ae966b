#!/usr/bin/env bash
# Draws the sample's 图解 (content/policy/images/drafting*.png): how the 2023 measures were
# drafted, in three steps, with the dates the district's interpretation gives. Each diagram is
# a small HTML page photographed by headless Chromium (the system one the browser tests use),
# so its Chinese text is set in the system's Noto Sans CJK. Run from the repository's root;
# the PNGs are committed, and the pages' `alt` text says the same in words.
set -euo pipefail
out=content/policy/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

draw() { # name lang step1 dates1 step2 dates2 step3 dates3
  cat >"$tmp/$1.html" <<HTML
<!doctype html><html lang="$2"><meta charset="utf-8"><style>
html,body{margin:0;background:#fff;font:15px "Noto Sans CJK SC",sans-serif;color:#1a1a1a}
.row{display:flex;align-items:center;padding:14px 12px;width:616px}
.box{border:2px solid #1f5f99;border-radius:6px;padding:8px 6px;width:168px;text-align:center;background:#eef4fa}
.box b{display:block;font-size:17px;color:#123f66}
.arrow{flex:1;text-align:center;font-size:22px;color:#1f5f99}
</style><div class="row"><div class="box"><b>$3</b>$4</div><div class="arrow">→</div><div class="box"><b>$5</b>$6</div><div class="arrow">→</div><div class="box"><b>$7</b>$8</div></div></html>
HTML
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
    --force-device-scale-factor=1 --window-size=640,96 \
    --screenshot="$out/$1.png" "file://$tmp/$1.html" 2>/dev/null
}

draw drafting zh-CN 起草初稿 "2023年1月3日—1月12日" 征求意见 "1月13日—2月17日" 正式印发 "2023年2月21日"
draw drafting.en en "First draft" "3–12 Jan 2023" "Consultation" "13 Jan – 17 Feb 2023" "Issued" "21 Feb 2023"
