#!/usr/bin/env bash
# Re-render every demo photo (NAME.jpg, 1200x900, JPEG quality 80) from its SVG source NAME.svg.
# Requires: rsvg-convert (librsvg2-bin) and Python 3 with Pillow (pip install pillow).
# Usage: ./render.sh            # all SVGs in this folder
#        ./render.sh a.svg b.svg # only these
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

QUALITY="${QUALITY:-80}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  files=(*.svg)
fi

for svg in "${files[@]}"; do
  name="$(basename "$svg" .svg)"
  rsvg-convert --width 1200 --height 900 --background-color white \
    --format png --output "$tmp/$name.png" "$svg"
  python3 - "$tmp/$name.png" "$name.jpg" "$QUALITY" <<'PY'
import sys
from PIL import Image
src, dst, q = sys.argv[1], sys.argv[2], int(sys.argv[3])
img = Image.open(src).convert("RGB")
img.save(dst, "JPEG", quality=q, optimize=True, progressive=True, subsampling="4:2:0")
PY
  printf '%-28s %8d bytes\n' "$name.jpg" "$(stat -c %s "$name.jpg")"
done
