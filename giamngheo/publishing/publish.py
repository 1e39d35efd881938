"""`invoke publish`, `invoke gate` and `invoke rollback`: the steps CI runs, in plain words."""

import ftplib
import shutil

from giamngheo.core import ContentError

from . import secrets as publish_secrets
from .deploy import deploy
from .deploy import rollback as rollback_target
from .gate import build_site, check_site, run_tests
from .targets import DeployError


class PublishBlocked(Exception):
    """Publishing stopped; the message says why in plain words and which setting to fix."""


def _refuse(problems):
    if problems:
        raise PublishBlocked("Không xuất bản, vì:\n" + "\n".join(f"  - {problem}" for problem in problems))


def build_and_check(settings_file, staging, settings, tests=True, **overrides):
    """Build into `staging` with production settings and pass the gate; return SITEURL."""
    _refuse(publish_secrets.problems(settings, needs_target=False))
    if tests and not run_tests():
        raise PublishBlocked("Không xuất bản: bộ kiểm thử có lỗi (test failure). Xem kết quả ở trên.")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        records = build_site(settings_file, staging, SITEURL=settings.siteurl.rstrip("/"), **overrides)
    except ContentError as error:
        raise PublishBlocked(f"Không xuất bản: nội dung có lỗi.\n{error.code}") from None
    _refuse(check_site(staging, settings.siteurl.rstrip("/"), records, secrets=settings.secrets))
    return settings.siteurl


def publish(settings_file, staging, settings, dry_run=False, tests=True, say=print, **overrides):
    """Build into `staging`, check it, and deploy it to DEPLOY_URL; return the deploy's plan."""
    _refuse(publish_secrets.problems(settings))
    build_and_check(settings_file, staging, settings, tests=tests, **overrides)
    say("Trang đã qua kiểm tra chất lượng. (Quality gate passed.)")
    return _on_target(deploy, staging, settings.url, password=settings.password, dry_run=dry_run, say=say)


def rollback(settings, say=print):
    """Put the version before the newest publish back on DEPLOY_URL."""
    _refuse([problem for problem in publish_secrets.problems(settings) if "SITEURL" not in problem])
    return _on_target(rollback_target, settings.url, password=settings.password, say=say)


def _on_target(action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except DeployError as error:
        raise PublishBlocked(f"Không xuất bản được: {error}") from None
    except (*ftplib.all_errors, OSError) as error:
        raise PublishBlocked(
            f"Xuất bản bị gián đoạn ({type(error).__name__}: {error}). Chạy lại lệnh để hoàn tất: những gì đã "
            "xong không phải gửi lại. (Deploy interrupted; run it again.)"
        ) from None
