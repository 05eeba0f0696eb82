"""Strict nbval over every notebook with the network unavailable (``make offline-test``).

``python -m course check offline [NOTEBOOK ...]`` starts itself again inside a new network
namespace whose only interface is loopback (the kernel talks to pytest over 127.0.0.1), proves
there that nothing outside is reachable, then runs the notebooks with the project's own pytest
configuration (the same options as ``make test``). Needs root (or unshare rights): where no
namespace can be made, it says so and passes, unless ``--require`` (CI) makes that a failure.
"""

from __future__ import annotations

import socket
import subprocess
import sys

from ..paths import ROOT

PROBES = (("1.1.1.1", 443), ("pypi.org", 443))


def unreachable() -> bool:
    """True if no probe address answers (printed one by one)."""
    for host, port in PROBES:
        try:
            socket.create_connection((host, port), timeout=3).close()
        except OSError as exc:
            print(f"offline check: {host}:{port} unreachable ({type(exc).__name__}), as intended")
        else:
            print(f"offline check failed: {host}:{port} is reachable")
            return False
    return True


def inside(notebooks: list[str]) -> int:
    """In the namespace: bring loopback up, prove the network is gone, run strict nbval."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    if not unreachable():
        return 1
    return subprocess.run([sys.executable, "-m", "pytest", *notebooks], cwd=ROOT).returncode


def main(notebooks: list[str], require: bool) -> int:
    """Run :func:`inside` in a new network namespace; 0 if it passed (or was skipped)."""
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode:
        print("offline test: cannot create a network namespace here (needs root); skipped",
              file=sys.stderr)
        return 1 if require else 0
    command = [sys.executable, "-m", "course", "check", "offline", "--inside", *notebooks]
    return subprocess.run(["unshare", "--net", *command], cwd=ROOT).returncode
