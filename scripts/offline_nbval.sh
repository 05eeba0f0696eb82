#!/usr/bin/env bash
# Run strict nbval over every notebook with the network unavailable: a new network namespace
# whose only interface is loopback (the kernel talks to pytest over 127.0.0.1). First prove that
# the namespace really has no route out, then run the notebooks with the project's own pytest
# configuration (the same options as `make test`). Needs root (or unshare rights).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if ! unshare --net true 2>/dev/null; then
  echo "offline test: cannot create a network namespace here (needs root); skipped" >&2
  [ "${REQUIRE_OFFLINE:-0}" = "1" ] && exit 1 || exit 0
fi
unshare --net bash -c '
  set -euo pipefail
  ip link set lo up
  '"$PY"' - <<PY
import socket
for host, port in (("1.1.1.1", 443), ("pypi.org", 443)):
    try:
        socket.create_connection((host, port), timeout=3)
    except OSError as exc:
        print(f"offline check: {host}:{port} unreachable ({type(exc).__name__}), as intended")
    else:
        raise SystemExit(f"offline check failed: {host}:{port} is reachable")
PY
  '"$PY"' -m pytest ${NOTEBOOKS:-notebooks}  # strict nbval options come from pyproject.toml
'
