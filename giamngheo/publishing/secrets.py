"""The publish settings that come from the environment (CI secrets), checked and kept secret.

Only tasks.py reads the environment; everything below it takes these values as arguments,
so that tests never depend on what a developer's shell or a CI runner has set.
"""

import dataclasses
import os
import urllib.parse

SCHEMES = ("ftp", "ftps", "sftp", "ssh", "file")
# Shorter than this, a password would be "found" in ordinary text, so the gate cannot look
# for it; such a password is weak anyway, and the check says so.
SHORTEST_SEARCHABLE = 6


@dataclasses.dataclass(frozen=True)
class PublishSettings:
    siteurl: str  # SITEURL: the public address of the site
    url: str  # DEPLOY_URL: where to publish
    password: str | None  # DEPLOY_PASSWORD: the account's password, when not in DEPLOY_URL
    ssh_key: str | None = None  # DEPLOY_SSH_KEY: a private key file, for sftp:// and ssh://

    @classmethod
    def from_environment(cls, environ=os.environ):
        return cls(
            siteurl=environ.get("SITEURL", "").strip(),
            url=environ.get("DEPLOY_URL", "").strip(),
            password=environ.get("DEPLOY_PASSWORD") or None,
            ssh_key=environ.get("DEPLOY_SSH_KEY") or None,
        )

    @property
    def secrets(self):
        """The values that must never be printed or published."""
        return secret_values(self.url, self.password)


def secret_values(url, password=None):
    """The password given in DEPLOY_PASSWORD and the one written inside DEPLOY_URL."""
    inside = urllib.parse.unquote(urllib.parse.urlsplit(url).password or "") if url else ""
    return [value for value in dict.fromkeys((password or "", inside)) if value]


def redact(url):
    """DEPLOY_URL as it may be printed: its password replaced by ***."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def problems(settings, needs_target=True):
    """What is wrong with the publish settings, each naming the secret to fix (empty when fine)."""
    found = []
    if not settings.siteurl.startswith(("https://", "http://")):
        found.append(
            "Chưa đặt secret SITEURL, hoặc nó không phải một địa chỉ: cần địa chỉ công khai của trang, ví dụ "
            "https://giamngheo.example.vn. (The SITEURL secret is not set or is not an http(s) address.)"
        )
    if not needs_target:
        return found
    if not settings.url:
        found.append(
            "Chưa đặt secret DEPLOY_URL: không biết xuất bản đi đâu. Ví dụ ftp://tai-khoan@may-chu/public_html/ "
            "(The DEPLOY_URL secret is not set.)"
        )
        return found
    parts = urllib.parse.urlsplit(settings.url)
    if parts.scheme not in SCHEMES:
        found.append(
            f"Secret DEPLOY_URL “{redact(settings.url)}” không hợp lệ: cần bắt đầu bằng ftp://, ftps://, sftp://, "
            "ssh:// hoặc file://. (DEPLOY_URL has no known scheme.)"
        )
        return found
    if parts.scheme != "file" and not parts.hostname:
        found.append(f"Secret DEPLOY_URL “{redact(settings.url)}” thiếu tên máy chủ. (DEPLOY_URL names no host.)")
    has_key = bool(settings.ssh_key) or parts.scheme == "ssh"
    if parts.scheme in ("ftp", "ftps", "sftp") and parts.username and not settings.secrets and not has_key:
        found.append(
            f"Thiếu mật khẩu của tài khoản “{parts.username}”: đặt secret DEPLOY_PASSWORD. "
            "(The DEPLOY_PASSWORD secret is not set.)"
        )
    if any(len(value) < SHORTEST_SEARCHABLE for value in settings.secrets):
        found.append(
            f"Mật khẩu trong DEPLOY_PASSWORD/DEPLOY_URL quá ngắn (dưới {SHORTEST_SEARCHABLE} ký tự): đổi mật khẩu "
            "tài khoản xuất bản rồi sửa secret. (The deploy password is too short to be safe.)"
        )
    return found
