"""Rehearsing the approval workflow on one's own machine (`invoke editor-rehearsal`).

On the published site every article goes draft → in review → ready → published (Decap's
editorial workflow, a pull or merge request on the git host). Decap's local proxy offers that
workflow only in its git mode: each article is a branch `cms/<collection>/<slug>` of the
checkout, its state the branch's description, and publishing merges it into the checkout's
branch, as one commit there. The editor is served from a build of the site made once (the
proxy switches branches in the working tree, which a live preview would rebuild from)."""

import json
import os
import subprocess

from .proxy import proxy_backend


class RehearsalError(Exception):
    """The checkout cannot host a rehearsal; args[0] is Vietnamese, with the fix."""


def _git(root, *args):
    return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, check=False)


def checkout_branch(root):
    """The branch the rehearsal publishes to: the checkout's own, which must be clean (the
    proxy commits everything in the working tree and switches branches under it)."""
    head = _git(root, "rev-parse", "--abbrev-ref", "HEAD")
    if head.returncode != 0:
        raise RehearsalError(f"{root} không phải một bản sao git: chạy lệnh trong thư mục của kho (git clone).")
    branch = head.stdout.strip()
    if branch == "HEAD" or branch.startswith("cms/"):
        raise RehearsalError(
            f"Bản sao đang ở “{branch}”, không ở một nhánh chính: chạy “git switch main” (hoặc nhánh của bạn) trước."
        )
    changed = _git(root, "status", "--porcelain").stdout.strip()
    if changed:
        raise RehearsalError(
            "Bản sao có thay đổi chưa commit (trình biên tập sẽ gộp chúng vào bài diễn tập):\n"
            f"{changed}\nCommit hoặc cất chúng đi (git stash) rồi chạy lại."
        )
    return branch


def rehearsal_backend(proxy_port, branch):
    """EDITOR_BACKEND for the rehearsal: the local proxy, publishing to `branch`."""
    return {**proxy_backend(proxy_port), "branch": branch}


def pelican_options(proxy_port, branch):
    """Pelican's -e overrides: the editor talks to the git-mode proxy, with the workflow."""
    backend = json.dumps(rehearsal_backend(proxy_port, branch))
    return f"-e EDITOR_BACKEND='{backend}' EDITOR_WORKFLOW=true"


def head_commit(root):
    return _git(root, "rev-parse", "--short", "HEAD").stdout.strip()


def serve(output, host, port):
    """Serve the built site until Ctrl+C."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    server = RootedHTTPServer(output, (host, port), ComplexHTTPRequestHandler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def check_git_mode(root):
    """A problem (Vietnamese) if decap-server cannot run in git mode here, else None."""
    script = os.path.join(root, "node_modules", "decap-server", "dist", "index.js")
    if not os.path.isfile(script):
        return "Chưa cài decap-server: chạy “npm ci” trong thư mục của kho rồi chạy lại."
    return None
