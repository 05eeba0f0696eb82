#!/usr/bin/env bash
# The student edition as students get it: serve the local `student` branch with `git daemon`
# on 127.0.0.1, pull it with nbgitpuller (its GitPuller, as the hub link does) into a fresh
# folder, and run the edition's own test command there (`python -m pytest`, as its README says),
# with this checkout's .venv (the packages) but the pulled copy's helpers, data and bank.
# Two workers as `make test`; the browser, hub and accessibility tests (JupyterLab, JupyterHub,
# the website in Chromium) are left to the main run (set EDITION_PYTEST_ARGS to change what runs).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="$PWD/.venv/bin/python"
work=$(mktemp -d)
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git clone -q --bare --branch student . "$work/course.git"
git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$work" --export-all \
  "$work" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do git ls-remote "git://127.0.0.1:$port/course.git" >/dev/null 2>&1 && break; sleep 0.1; done
"$PY" -W ignore::ResourceWarning - "git://127.0.0.1:$port/course.git" "$work/pulled" <<'PY'
import sys
from nbgitpuller.pull import GitPuller
for line in GitPuller(sys.argv[1], sys.argv[2], branch="student").pull():
    print(line, end="")
PY
test ! -e "$work/pulled/docs/teacher_guide.md" || { echo "the answer key is in the edition"; exit 1; }
cd "$work/pulled"
echo "student edition pulled from git://127.0.0.1:$port; running its tests"
# shellcheck disable=SC2086
PYTHONPATH="$work/pulled/src" "$PY" -m pytest -rs ${EDITION_PYTEST_ARGS:--n 2 --ignore=tests/browser --ignore=tests/hub --ignore=tests/a11y}
