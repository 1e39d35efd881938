"""`invoke publish`, `invoke gate` and `invoke rollback`: the steps CI runs, in plain words."""

import ftplib
import json
import os
import shutil
import urllib.error
import urllib.request

from giamngheo.addresses import ledger
from giamngheo.core import ContentError

from . import history
from . import secrets as publish_secrets
from .deploy import deploy
from .deploy import rollback as rollback_target
from .gate import build_settings, check_site, run_build, run_tests, source_notice
from .targets import DeployError, open_target


class PublishBlocked(Exception):
    """Publishing stopped; the message says why in plain words and which setting to fix."""


def _refuse(problems):
    if problems:
        raise PublishBlocked("Không xuất bản, vì:\n" + "\n".join(f"  - {problem}" for problem in problems))


def build_and_check(settings_file, staging, settings, tests=True, previous=None, say=print, **overrides):
    """Build into `staging` with production settings and pass the gate; return SITEURL.

    `previous`: {address: record} of what is live where the site is published (read by
    `live_addresses`); the build keeps each of those addresses answering.
    """
    _refuse(publish_secrets.problems(settings, needs_target=False))
    if tests and not run_tests():
        raise PublishBlocked("Không xuất bản: bộ kiểm thử có lỗi (test failure). Xem kết quả ở trên.")
    shutil.rmtree(staging, ignore_errors=True)
    siteurl = settings.siteurl.rstrip("/")
    if previous:
        known = f"{os.path.abspath(staging)}.published-addresses.json"
        with open(known, "w", encoding="utf-8") as file:
            json.dump({"addresses": previous}, file)
        overrides.setdefault("PUBLISHED_ADDRESSES", known)
    try:
        pelican_settings = build_settings(settings_file, staging, SITEURL=siteurl, **overrides)
        cache = pelican_settings.get("GATE_CACHE_PATH")
        records = run_build(pelican_settings)
    except ContentError as error:
        raise PublishBlocked(f"Không xuất bản: nội dung có lỗi.\n{error.code}") from None
    _refuse(check_site(staging, siteurl, records, secrets=settings.secrets, previous=previous, cache=cache))
    for record in records:
        if source_notice(record):
            say(record.getMessage())  # a unit's portal that failed, in the publish log
    if previous:
        with open(os.path.join(staging, ledger.LEDGER_NAME), encoding="utf-8") as file:
            now = json.load(file)["addresses"]
        for line in ledger.describe_changes(previous, now, siteurl):
            say(line)
    return settings.siteurl


def live_addresses(settings):
    """{address: record} of what is live on DEPLOY_URL: its ledger and its manifest's pages."""
    with open_target(settings.url, settings.password) as target:
        return ledger.live_on_target(target.read_bytes(ledger.LEDGER_NAME), history.State.read(target).files)


def live_addresses_at(url, say=print):
    """The same for a host reached only over HTTP (GitHub Pages): the ledger it serves at `url`
    (nothing when it has none yet: the first publish)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return ledger.live_on_target(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            say(f"Chưa có danh sách địa chỉ ở {url}: lần xuất bản đầu tiên. (No published addresses yet.)")
            return {}
        raise PublishBlocked(
            f"Không đọc được danh sách địa chỉ đã đăng ở {url} (HTTP {error.code}): sửa PUBLISHED_ADDRESSES_URL "
            "hoặc chạy lại. (Cannot read the published addresses.)"
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise PublishBlocked(
            f"Không đọc được danh sách địa chỉ đã đăng ở {url} ({error}): sửa PUBLISHED_ADDRESSES_URL hoặc chạy "
            "lại. (Cannot read the published addresses.)"
        ) from None


def publish(settings_file, staging, settings, dry_run=False, tests=True, say=print, **overrides):
    """Build into `staging`, check it, and deploy it to DEPLOY_URL; return the deploy's plan."""
    _refuse(publish_secrets.problems(settings))
    previous = _on_target(live_addresses, settings)
    build_and_check(settings_file, staging, settings, tests=tests, previous=previous, say=say, **overrides)
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
