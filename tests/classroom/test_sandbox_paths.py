"""The sandbox starts wherever the course and its Python environment live, /tmp included.

A CI clone under /tmp found this: bubblewrap mounted the sandbox's own /tmp after binding the
environment, which hid an environment under /tmp, so no sandbox could start and grading fell back
to running student code with the teacher's rights (the writes-outside attack then defaced the
clone's helpers). The environment under test is a real venv made under a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
import venv

import pytest
from support import ROOT

pytestmark = pytest.mark.skipif(not shutil.which("bwrap"), reason="bubblewrap is not installed")


def test_the_tmp_tmpfs_comes_before_the_environment_binds():
    from course import sandbox

    command = sandbox.bwrap_command(ROOT, ["/bin/true"], {}, None)
    tmpfs = command.index("--tmpfs")
    binds = [i for i, part in enumerate(command) if part == "--ro-bind"
             and command[i + 1] in {str(p) for p in sandbox.environment_paths()}]
    assert binds and all(tmpfs < i for i in binds)


PROBE = """
import os, subprocess, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from course import sandbox
inside = "import sys; open('/tmp/w', 'w').write('x'); print(sys.prefix)"
uid = sandbox.free_uids(1)[0] if os.geteuid() == 0 else None
argv = sandbox.bwrap_command(Path(tempfile.mkdtemp()), [sandbox.python_inside(), "-c", inside],
                             sandbox.inside_env(), uid)
done = subprocess.run(argv, capture_output=True, text=True)
print(done.returncode, done.stdout.strip(), done.stderr[-300:])
"""


def test_a_python_environment_under_tmp_runs_in_the_sandbox(tmp_path):
    env = tmp_path / "venv"  # tmp_path is under /tmp: the case that failed
    venv.EnvBuilder(system_site_packages=True, symlinks=True).create(env)
    done = subprocess.run([str(env / "bin" / "python"), "-c", PROBE, str(ROOT / "src")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    code, prefix, *_ = done.stdout.split(maxsplit=2)
    assert (code, prefix) == ("0", str(env.resolve())), done.stdout
