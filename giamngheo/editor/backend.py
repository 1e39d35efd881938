"""The editor's backend in production: the git host where staff's changes go, as pull or
merge requests (Decap's editorial workflow), from the publish environment.

EDITOR_BACKEND   github | gitlab | gitea (no value: no editor on the published site)
EDITOR_REPO      owner/name; on GitHub Actions and GitLab CI the repository being built
EDITOR_BRANCH    the branch that is published (main); on Gitea, where Decap has no editorial
                 workflow, the branch staff's changes go to (bien-tap), merged by an approver
EDITOR_API_ROOT  a self-hosted GitLab or Gitea: its API, e.g. https://git.example.vn/api/v4
EDITOR_AUTH_URL  GitHub: the OAuth helper that signs staff in (Decap's `base_url`)
EDITOR_APP_ID    GitLab or Gitea: the OAuth application's id (sign-in without a helper)
"""

HOSTS = ("github", "gitlab", "gitea")
API_ROOTS = {"gitlab": "/api/v4", "gitea": "/api/v1"}


class BackendError(ValueError):
    """The publish environment names an editor backend that cannot work; args[0] is Vietnamese."""


def backend_from_environment(environ):
    """Decap's `backend:` mapping, or None when EDITOR_BACKEND is not set."""
    name = environ.get("EDITOR_BACKEND", "").strip().lower()
    if not name:
        return None
    if name not in HOSTS:
        raise BackendError(f"EDITOR_BACKEND “{name}” không hợp lệ: ghi github, gitlab hoặc gitea.")
    repo = (
        environ.get("EDITOR_REPO") or environ.get("GITHUB_REPOSITORY") or environ.get("CI_PROJECT_PATH") or ""
    ).strip()
    if repo.count("/") < 1:
        raise BackendError("Chưa đặt EDITOR_REPO (dạng tổ-chức/tên-kho) cho trình biên tập.")
    branch = environ.get("EDITOR_BRANCH", "").strip() or ("bien-tap" if name == "gitea" else "main")
    backend = {"name": name, "repo": repo, "branch": branch}
    if name != "gitea":
        backend["squash_merges"] = True  # one commit per article on the published branch
    api_root = environ.get("EDITOR_API_ROOT", "").strip().rstrip("/")
    if api_root:
        backend["api_root"] = api_root
        if name != "github":
            backend["base_url"] = api_root[: -len(API_ROOTS[name])] if api_root.endswith(API_ROOTS[name]) else api_root
    elif name == "gitea":
        raise BackendError("Gitea cần EDITOR_API_ROOT, ví dụ https://git.example.vn/api/v1.")
    if environ.get("EDITOR_AUTH_URL", "").strip():
        backend["base_url"] = environ["EDITOR_AUTH_URL"].strip().rstrip("/")
    if environ.get("EDITOR_APP_ID", "").strip() and name != "github":
        backend["app_id"] = environ["EDITOR_APP_ID"].strip()
        backend["auth_type"] = "pkce"
    return backend
