"""`invoke publish`: build with production settings, pass the quality gate, deploy."""

import ftplib
import os
import shutil

from giamngheo.core import ContentError

from .deploy import deploy
from .gate import build_site, check_site, run_tests
from .targets import DeployError


class PublishBlocked(Exception):
    """Publishing stopped before anything was sent; the message says why in plain words."""


def build_and_check(settings_file, staging, tests=True, **overrides):
    """Build into `staging` with production settings and pass the gate; return SITEURL."""
    siteurl = overrides.pop("SITEURL", None) or os.environ.get("SITEURL", "")
    if not siteurl.startswith(("http://", "https://")):
        raise PublishBlocked("Chưa đặt SITEURL (địa chỉ công khai của trang, ví dụ https://example.org). (SITEURL is not set.)")
    if tests and not run_tests():
        raise PublishBlocked("Không xuất bản: bộ kiểm thử có lỗi (test failure). Xem kết quả ở trên.")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        records = build_site(settings_file, staging, SITEURL=siteurl, **overrides)
    except ContentError as error:
        raise PublishBlocked(f"Không xuất bản: nội dung có lỗi.\n{error.code}") from None
    reasons = check_site(staging, siteurl.rstrip("/"), records)
    if reasons:
        raise PublishBlocked("Không xuất bản, vì:\n" + "\n".join(f"  - {reason}" for reason in reasons))
    return siteurl


def publish(settings_file, staging, url, password=None, dry_run=False, tests=True, say=print, **overrides):
    """Build into `staging`, check it, and deploy it to `url` (DEPLOY_URL)."""
    if not url:
        raise PublishBlocked("Chưa đặt DEPLOY_URL: không biết xuất bản đi đâu. (DEPLOY_URL is not set.)")
    build_and_check(settings_file, staging, tests=tests, **overrides)
    say("Trang đã qua kiểm tra chất lượng. (Quality gate passed.)")
    try:
        return deploy(staging, url, password=password, dry_run=dry_run, say=say)
    except (DeployError, *ftplib.all_errors) as error:
        raise PublishBlocked(f"Xuất bản bị gián đoạn: {error}. Chạy lại lệnh để hoàn tất. (Deploy interrupted; re-run it.)") from None
