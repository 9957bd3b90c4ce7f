#!/usr/bin/env bash
# Build the one-folder Linux app with PyInstaller: packaging/build.sh [OUT_DIR [WORK_DIR]]
#
# OUT_DIR (default dist/) receives annotator/, the folder to ship: run annotator/annotator.
# WORK_DIR (default build/pyinstaller/) keeps PyInstaller's analysis between builds.
# Needs the annotator installed with its packaging extra: pip install -e '.[packaging]'.
# The bundle carries the X11 libraries it finds on this machine, so build where Qt's xcb
# libraries are installed (see the README) for a bundle that needs fewer of them on the target.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/dist}"
work="${2:-$root/build/pyinstaller}"
python="${PYTHON:-python3}"

if ! "$python" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is missing; install it with: $python -m pip install -e '$root[packaging]'" >&2
    exit 1
fi
mkdir -p "$out" "$work"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$out" --workpath "$work" "$here/annotator.spec"
echo "built $out/annotator ($(du -sh "$out/annotator" | cut -f1)); run $out/annotator/annotator"
