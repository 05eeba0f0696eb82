"""Prove that requirements.txt installs where students meet it (run by .ci/run; needs PyPI).

    python -m course check install binder    # on Binder's base image packages, then pip check
    python -m course check install windows   # resolve for Windows: pip adds nothing unpinned

``binder``: repo2docker builds Binder images from a conda environment whose versions it locks in
files shipped inside the ``jupyter-repo2docker`` package. There is no Docker here, so we take the
Python packages of that lock file (Python 3.11, linux-64), install them with pip into a fresh venv
(packages that exist only on conda are skipped and listed), install our requirements.txt as
repo2docker does (``pip install -r requirements.txt``), and require ``pip check`` to pass.

``windows``: ``pip install --dry-run --report`` resolves requirements.txt and requirements-dev.txt
for CPython 3.11 on Windows (wheels only); every package pip would install must be pinned in our
files, or pip chose a version for us (that was pywinpty and colorama).

Exit status 0 on success; 1 with the reason otherwise.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

from ..paths import ROOT

REPO2DOCKER = "jupyter-repo2docker==2026.4.0"
LOCK = "repo2docker/buildpacks/conda/environment.py-3.11-linux-64.lock"
# conda packages that are not Python distributions on PyPI under the same name and version
CONDA_ONLY = {"python", "python_abi", "pip", "nodejs", "ca-certificates", "tzdata", "libsodium",
              "jupyterhub-base", "jupyterhub-singleuser", "conda", "openssl", "setuptools",
              # conda meta-packages whose real package is listed on its own
              "jsonschema-with-format-nongpl", "bleach-with-css"}
# conda packages whose PyPI distribution has another name
CONDA_TO_PYPI = {"nbconvert-core": "nbconvert", "python-fastjsonschema": "fastjsonschema",
                 "brotli-python": "brotli"}


def pip(python: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "pip", *args], capture_output=True, text=True,
                          check=check)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def base_packages(wheel_dir: Path) -> list[str]:
    """``name==version`` for the Python packages in repo2docker's Python 3.11 lock file."""
    wheel = next(wheel_dir.glob("jupyter_repo2docker-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        lock = archive.read(LOCK).decode()
    found = []
    for url in re.findall(r"^https://\S+/(noarch|linux-64)/([^/#]+)\.(?:conda|tar\.bz2)", lock,
                          re.M):
        subdir, filename = url
        name, version, build = filename.rsplit("-", 2)
        python_package = subdir == "noarch" or re.match(r"py3\d+", build)
        if python_package and name not in CONDA_ONLY and re.fullmatch(r"[0-9][0-9a-z.]*", version):
            found.append(f"{CONDA_TO_PYPI.get(name, name)}=={version}")
    return sorted(found)


def binder() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pip(Path(sys.executable), "download", "--quiet", "--no-deps", "-d", str(tmp), REPO2DOCKER)
        packages = base_packages(tmp)
        venv.create(tmp / "venv", with_pip=True)
        python = tmp / "venv" / "bin" / "python"
        skipped = []
        for _ in range(len(packages)):  # drop, one at a time, what pip cannot find on PyPI
            result = pip(python, "install", "--quiet", "--no-deps", *packages, check=False)
            missing = re.search(r"No matching distribution found for (\S+)", result.stderr)
            if not result.returncode or not missing:
                break
            packages.remove(missing.group(1))
            skipped.append(missing.group(1))
        if result.returncode:
            sys.exit(f"installing Binder's base packages failed:\n{result.stderr[-3000:]}")
        print(f"Binder base: {len(packages)} packages from {LOCK} installed; "
              f"not on PyPI at that version: {', '.join(skipped) or 'none'}")
        before = pip(python, "check", check=False).stdout.strip()
        print(f"pip check on the base alone: {before or 'ok'}")
        result = pip(python, "install", "--quiet", "--progress-bar", "off", "-r",
                     str(ROOT / "requirements.txt"),
                     check=False)
        if result.returncode:
            sys.exit(f"pip install -r requirements.txt failed on Binder's base:\n{result.stderr}")
        check = pip(python, "check", check=False)
        if check.returncode:
            sys.exit(f"pip check fails after installing requirements.txt on Binder's base:\n"
                     f"{check.stdout}")
        print("pip check after requirements.txt on Binder's base: ok")


def pinned_names() -> set[str]:
    names = set()
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                names.add(normal(line.split("==")[0]))
    return names


def windows() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        result = pip(Path(sys.executable), "install", "--dry-run", "--quiet", "--ignore-installed",
                     "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
                     "--implementation", "cp", "--report", str(report),
                     "-r", str(ROOT / "requirements.txt"), "-r", str(ROOT / "requirements-dev.txt"),
                     check=False)
        if result.returncode:
            sys.exit(f"requirements do not resolve for Windows:\n{result.stderr[-3000:]}")
        chosen = {normal(item["metadata"]["name"]): item["metadata"]["version"]
                  for item in json.loads(report.read_text())["install"]}
    unpinned = sorted(set(chosen) - pinned_names())
    if unpinned:
        sys.exit("pip would install packages we do not pin on Windows: "
                 + ", ".join(f"{n}=={chosen[n]}" for n in unpinned))
    print(f"Windows (CPython 3.11, win_amd64): {len(chosen)} packages, every one pinned")


def main(target: str) -> int:
    """Run the check for ``target`` ("binder" or "windows"); 0 on success (exits with the
    reason otherwise)."""
    {"binder": binder, "windows": windows}[target]()
    return 0
