"""Decap's local proxy (npm decap-server, pinned) for the live preview: the editor at
http://127.0.0.1:8000/admin/ reads and writes the files of this checkout, with no account
and no network. It listens on 127.0.0.1 only and accepts requests from the preview's pages."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys

PROXY_PORT = 8081


def available_proxy_port(port=PROXY_PORT):
    """`port` when no one listens on it, else a free one: a second `make serve` (another
    checkout, or the tests) must never save through the first one's proxy."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return free_port()
        return probe.getsockname()[1]


def free_port():
    """A port no one listens on 127.0.0.1 now: what the rehearsal, the tests' servers and the
    benchmarks take, never a fixed one (a developer's `make serve` may hold 8000 and 8081)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proxy_backend(port=PROXY_PORT):
    """The EDITOR_BACKEND setting that points the editor at the proxy on `port`."""
    return {"name": "proxy", "proxy_url": f"http://127.0.0.1:{port}/api/v1", "branch": "main"}


def _die_with_parent():
    """On Linux, the proxy stops when the preview does, however the preview ends."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def local_proxy(root, port=PROXY_PORT, mode="fs"):
    """Run decap-server over `root` (the folder that holds content/) while inside: in fs mode
    (saves are files), or in git mode (saves are commits; the editorial workflow, rehearsal.py)."""
    script = os.path.join(root, "node_modules", "decap-server", "dist", "index.js")
    node = shutil.which("node")
    if not node or not os.path.isfile(script):
        print(
            "Chưa cài decap-server (npm ci): trình biên tập /admin/ chỉ xem được, không lưu được. "
            "(decap-server is not installed.)"
        )
        yield None
        return
    environment = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": mode,
        "GIT_REPO_DIRECTORY": os.path.abspath(root),
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen(
        [node, script],
        env=environment,
        cwd=root,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
