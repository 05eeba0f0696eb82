"""One sandbox per student's notebook: bubblewrap on Linux, and an honest fallback elsewhere.

The grader runs each submission's notebook in a sandbox of its own (``bwrap``, Debian package
``bubblewrap``). Inside, the notebook sees only what it needs, bound read-only:

- the system's ``/usr`` (and the ``/bin``, ``/lib``, ``/lib64``, ``/sbin`` links or folders beside
  it), and from ``/etc`` only ``ld.so.cache`` (finding shared libraries), ``localtime`` (dates)
  and ``fonts`` (matplotlib lists the system's fonts); not ``passwd`` (the environment gives
  the home folder and user name, so nothing looks the user up);
- the Python environment: the virtual environment (``sys.prefix``) and the interpreter it was
  made from (``sys.base_prefix``), each at its own path, so that the environment works unchanged;
- the submission's own copy of the course (``/course``: ``src/helpers`` without the exercise
  bank, ``src/course``, ``data/``, ``notebooks/helpers.py``; never the teacher's guide).

It sees no other part of the course folder, nor the submissions, the grader's output, ``/run``,
the host's ``/tmp`` or any home folder: its ``/tmp`` is a small memory-backed folder of its own
(:data:`TMP_BYTES`), which is also its home. It has its own PID, network, IPC and UTS namespaces:
no network of any kind (the host's Unix sockets live in ``/tmp`` and ``/run``, which it does not
see, and abstract sockets belong to a network namespace); ``--die-with-parent`` and the PID
namespace end every process it started, a detached one included, when the run ends.

Limits (:class:`Limits`, set by the runner before anything of the student's runs): address space
(memory) per process, processes, CPU seconds and file size; and, since an address-space limit
holds per process and a notebook can fork, the grader watches the memory of all the sandbox's
processes together (:class:`MemoryWatch`, twice a second) and stops a run that passes the same
limit in all. A process limit does not bind root, so the
student's code never runs as root: when the grader is root, bubblewrap (run as root, without a
user namespace) mounts the sandbox and ``setpriv`` then drops to a high uid of its own, one per
parallel worker, with no capabilities and ``no_new_privs``; an unprivileged uid could not make
these mounts itself where the environment sits in a folder only root may enter (a ``pyenv`` under
``/root``, as on our CI), because bubblewrap resolves each source path as the calling user. A
teacher who is not root runs bubblewrap in an unprivileged user namespace, which counts the
sandbox's processes on their own.

Where no sandbox can start (bubblewrap missing, macOS, Windows, a container that forbids the
namespaces), :func:`probe` says why, and the grader runs each notebook as a plain child process:
verdicts are still judged outside the kernel, and the report's first line says that student code
ran with the teacher's rights, and why.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INSIDE = Path("/course")  # where the submission's copy appears in the sandbox
TMP_BYTES = 128 * 2**20  # the sandbox's own /tmp (memory-backed): home, kernel files, caches
UID_RANGE = (2_000_000_000, 2_100_000_000)  # high uids no system gives to a person
ETC = ("ld.so.cache", "localtime", "fonts")  # what Python, pandas and matplotlib read in /etc
ROOT_LINKS = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")


@dataclass(frozen=True)
class Limits:
    """What one submission's run may use (per process; ``processes`` counts per uid).

    ``memory`` is the address space in bytes: a kernel with pandas and matplotlib maps about
    1 GiB; ``processes`` counts threads too (a kernel and its runner use about 30).
    """

    memory: int = 3 * 2**30
    processes: int = 200
    cpu_seconds: int = 900
    file_bytes: int = 64 * 2**20

    def apply(self) -> None:
        """Set these limits on this process (and so on everything it starts); nothing where
        the system has no such limits (Windows)."""
        try:
            import resource
        except ImportError:
            return

        for name, value in (("RLIMIT_AS", self.memory), ("RLIMIT_NPROC", self.processes),
                            ("RLIMIT_CPU", self.cpu_seconds), ("RLIMIT_FSIZE", self.file_bytes),
                            ("RLIMIT_CORE", 0)):
            kind = getattr(resource, name, None)
            if kind is not None:
                hard = resource.getrlimit(kind)[1]
                value = value if hard == resource.RLIM_INFINITY else min(value, hard)
                resource.setrlimit(kind, (value, value))

    def as_env(self) -> str:
        """These limits as text for the runner inside (``memory=...,processes=...``)."""
        return ",".join(f"{k}={v}" for k, v in self.__dict__.items())

    @classmethod
    def from_env(cls, text: str) -> Limits:
        """The limits :meth:`as_env` wrote.

        >>> Limits.from_env(Limits(processes=7).as_env()).processes
        7
        """
        return cls(**{k: int(v) for k, v in (part.split("=") for part in text.split(","))})


@dataclass(frozen=True)
class Sandbox:
    """How submissions run here: ``bwrap`` (``kind == "bubblewrap"``) or as plain child
    processes (``kind == "none"``, with ``reason`` saying why no sandbox could start)."""

    kind: str
    reason: str = ""
    as_root: bool = False

    @property
    def isolated(self) -> bool:
        return self.kind == "bubblewrap"


def environment_paths() -> list[Path]:
    """The Python environment's folders (resolved), outermost first, without ones under /usr."""
    found: list[Path] = []
    for raw in (sys.base_prefix, sys.prefix, Path(sys.executable).resolve().parent.parent):
        path = Path(raw).resolve()
        if path == Path("/usr") or Path("/usr") in path.parents:
            continue
        if not any(path == p or p in path.parents for p in found):
            found = [p for p in found if path not in p.parents] + [path]
    return found


def python_inside() -> str:
    """The interpreter to start inside: this environment's, at its resolved path."""
    return str(Path(sys.prefix).resolve() / "bin" / "python")


def _parents(path: Path) -> list[Path]:
    """The folders bubblewrap creates to mount ``path``: every parent below /."""
    return [p for p in reversed(path.parents) if p != Path("/")]


def bwrap_command(copy: Path, argv: list[str], env: dict[str, str], uid: int | None) -> list[str]:
    """The ``bwrap`` command that runs ``argv`` in a sandbox holding ``copy`` at /course.

    Args:
        copy: this submission's fresh copy of the course (read-only inside).
        argv: the command inside (its first element an absolute path inside).
        env: the whole environment inside (nothing else is passed).
        uid: as root, the uid to drop to (``setpriv``); None when not root.
    """
    command = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--hostname", "sandbox", "--die-with-parent",
               "--new-session", "--ro-bind", "/usr", "/usr"]
    for name in ROOT_LINKS:
        host = Path("/") / name
        if host.is_symlink():
            command += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            command += ["--ro-bind", str(host), str(host)]
    for name in ETC:
        host = Path("/etc") / name
        if host.exists():
            command += ["--ro-bind", str(host.resolve()), str(host)]
    # /tmp first: the Python environment may itself live under /tmp (a CI clone there), and a
    # tmpfs mounted after its bind would hide it, so that no sandbox could start
    command += ["--size", str(TMP_BYTES), "--perms", "1777", "--tmpfs", "/tmp"]
    made = {Path("/etc")}
    for path in environment_paths():
        command += ["--ro-bind", str(path), str(path)]
        made.update(p for p in _parents(path) if p != Path("/tmp"))  # /tmp stays 1777
    command += ["--ro-bind", str(copy), str(INSIDE), "--proc", "/proc", "--dev", "/dev"]
    for folder in sorted(made, key=lambda p: len(p.parts)):  # bwrap makes them 0700 as root
        command += ["--chmod", "0755", str(folder)]
    command += ["--chdir", str(INSIDE), "--clearenv"]
    for key, value in env.items():
        command += ["--setenv", key, value]
    if uid is not None:
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add",
                    "CAP_SETPCAP", "--", "setpriv", f"--reuid={uid}", f"--regid={uid}",
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
    return [*command, "--", *argv]


def inside_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a run inside the sandbox (home and caches in its own /tmp)."""
    return {"HOME": "/tmp/home", "USER": "student", "LOGNAME": "student",
            "PATH": f"{Path(python_inside()).parent}:/usr/bin:/bin",
            "LANG": "C.UTF-8", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/matplotlib",
            "PYTHONDONTWRITEBYTECODE": "1", "JUPYTER_PLATFORM_DIRS": "1",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **(extra or {})}


def free_uids(count: int, rng: random.Random | None = None) -> list[int]:
    """``count`` high uids that no account has and no process runs as, for the workers.

    >>> len(set(free_uids(3)))
    3
    """
    import pwd

    rng = rng or random.SystemRandom()
    busy = _running_uids()
    chosen: list[int] = []
    while len(chosen) < count:
        uid = rng.randrange(*UID_RANGE)
        try:
            pwd.getpwuid(uid)
            continue
        except KeyError:
            pass
        if uid not in busy and uid not in chosen:
            chosen.append(uid)
    return chosen


def _running_uids() -> set[int]:
    """The real uids of the processes running now (Linux ``/proc``; empty elsewhere)."""
    uids = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            for line in status.read_text().splitlines():
                if line.startswith("Uid:"):
                    uids.add(int(line.split()[1]))
                    break
        except OSError:
            continue
    return uids


def processes_of(uids: set[int]) -> list[int]:
    """The pids of the processes running as any of ``uids`` (a lingering sandbox process)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            for line in status.read_text().splitlines():
                if line.startswith("Uid:") and int(line.split()[1]) in uids:
                    found.append(int(status.parent.name))
                    break
        except OSError:
            continue
    return found


# --- running one command, its output read within limits ------------------------------------------

@dataclass
class Finished:
    """What a run gave: exit status, the first ``cap`` bytes of its output, the tail of its
    errors, and why it was stopped early, if it was (``"timeout"``, ``"overflow"``: it said
    too much, ``"memory"``: its processes used too much memory in all)."""

    returncode: int | None
    stdout: bytes
    stderr: str
    stopped: str | None = None

    @property
    def timed_out(self) -> bool:
        return self.stopped == "timeout"

    @property
    def overflow(self) -> bool:
        return self.stopped == "overflow"


class MemoryWatch:
    """The memory of every process in one PID namespace, in all: RSS first (cheap), and where
    that passes the limit, PSS, which counts a page that forked processes share once (a fork
    bomb of sleeping copies is not a memory bomb). Linux ``/proc`` only."""

    def __init__(self, namespace: int, limit: int):
        self.link, self.limit = f"pid:[{namespace}]", limit

    def pids(self) -> list[str]:
        found = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if os.readlink(f"/proc/{entry.name}/ns/pid") == self.link:
                        found.append(entry.name)
                except OSError:
                    continue
        return found

    @staticmethod
    def _sum(pids: list[str], file: str, field: str) -> int:
        total = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/{file}", encoding="ascii", errors="replace") as handle:
                    for line in handle:
                        if line.startswith(field):
                            total += int(line.split()[1]) * 1024
                            break
            except (OSError, ValueError):
                continue
        return total

    def over(self) -> bool:
        """Whether the namespace's processes use more than the limit now."""
        pids = self.pids()
        if self._sum(pids, "status", "VmRSS:") <= self.limit:
            return False
        return self._sum(pids, "smaps_rollup", "Pss:") > self.limit


def run(argv: list[str], stdin: bytes, timeout: float, cap: int, *, cwd: Path | None = None,
        env: dict[str, str] | None = None, memory: int | None = None) -> Finished:
    """Run ``argv`` in a new session with ``stdin``; read at most ``cap`` bytes of its output.

    The whole process group is killed after ``timeout`` seconds, as soon as the output passes
    ``cap`` bytes, or, with ``memory`` (bytes; ``argv`` a :func:`bwrap_command`), when the
    sandbox's processes use more than that in all (checked twice a second); errors keep their
    last 4 kB. Waiting ends a few seconds after a kill even if a process that left the group
    still holds the output open. Threads, not ``select``, so that it works on Windows too.
    Never raises for what the child does.

    >>> done = run([sys.executable, "-c", "print(input() * 3)"], b"ab\\n", 30, 5)
    >>> done.stdout, done.stopped
    (b'ababa', 'overflow')
    """
    info_read = info_write = None
    if memory is not None:
        info_read, info_write = os.pipe()
        argv = [argv[0], "--info-fd", str(info_write), *argv[1:]]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd, env=env, start_new_session=True,
                            pass_fds=() if info_write is None else (info_write,))
    out, tail, why, watch = bytearray(), bytearray(), [], []
    finished = threading.Event()

    def stop(reason: str) -> None:
        if not why:
            why.append(reason)
            _kill(proc)

    def feed():
        try:
            proc.stdin.write(stdin)
            proc.stdin.close()
        except OSError:  # the child stopped reading: its problem, seen in its output
            pass

    def drain():
        for chunk in iter(lambda: proc.stderr.read(4096), b""):
            tail.extend(chunk)
            del tail[:-4096]

    def collect():
        for chunk in iter(lambda: proc.stdout.read1(65536), b""):
            out.extend(chunk)
            if len(out) > cap:
                stop("overflow")
                break
        finished.set()

    def namespace():  # bwrap writes its sandbox's namespaces once it has made them
        import json

        with os.fdopen(info_read, "rb") as handle:
            try:
                found = json.loads(handle.read(4096) or b"{}").get("pid-namespace")
            except ValueError:
                found = None
        if isinstance(found, int):
            watch.append(MemoryWatch(found, memory))

    jobs = [feed, drain, collect] + ([namespace] if info_read is not None else [])
    threads = [threading.Thread(target=job, daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    if info_write is not None:
        os.close(info_write)
    deadline = time.monotonic() + timeout
    while not finished.wait(0.5):
        if time.monotonic() > deadline:
            stop("timeout")
            if time.monotonic() > deadline + 5:
                break
        elif watch and not why and watch[0].over():
            stop("memory")
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        stop("timeout")
        proc.wait()
    for thread in threads:
        thread.join(timeout=5)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        try:
            pipe.close()
        except OSError:
            pass
    return Finished(proc.returncode, bytes(out[:cap]), tail.decode("utf-8", "replace"),
                    why[0] if why else None)


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the child's process group (the sandbox ends with it); the child alone where
    there are no process groups (Windows)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


# --- can a sandbox start here? -------------------------------------------------------------------

def probe(copy: Path, argv: list[str], expected: bytes) -> tuple[Sandbox, bytes]:
    """Start one sandbox running ``argv`` (no student code): the way submissions will run
    here, and what it printed; or why no sandbox can start (then nothing was printed).

    ``expected`` must start its output, so that a sandbox that starts but cannot run Python
    counts as not starting.
    """
    if not sys.platform.startswith("linux"):
        return Sandbox("none", f"bubblewrap sandboxes need Linux (this is {sys.platform})"), b""
    if shutil.which("bwrap") is None:
        return Sandbox("none", "bubblewrap (bwrap) is not installed: on Debian or Ubuntu, "
                       "apt-get install bubblewrap"), b""
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        return Sandbox("none", "setpriv (util-linux) is missing, so the sandbox could not drop "
                       "root's rights"), b""
    uid = free_uids(1)[0] if as_root else None
    done = run(bwrap_command(copy, argv, inside_env(), uid), b"", 120, 16 * 2**20)
    if done.returncode != 0 or not done.stdout.startswith(expected):
        why = (done.stderr.strip().splitlines() or ["no message"])[-1][:300]
        return Sandbox("none", f"bubblewrap could not start a sandbox here ({why})"), b""
    return Sandbox("bubblewrap", as_root=as_root), done.stdout
