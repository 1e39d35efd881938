"""Publishing the fixture site to a real FTP server on 127.0.0.1 and to a local folder."""

import ftplib
import shutil

import pytest
from servers import (  # noqa: F401 (fixtures)
    SITEURL,
    RecordingHandler,
    blocked,
    built,
    editable_copy,
    ftp_server,
    publish_options,
    published_copy,
    settings,
    site_files,
    ssh_server,
    without_a05,
)

from giamngheo.publishing.deploy import deploy
from giamngheo.publishing.manifest import MANIFEST_NAME, local_manifest, phase_of
from giamngheo.publishing.publish import PublishBlocked, publish


@pytest.mark.parametrize("kind", ["ftp", "file"])
def test_target_matches_the_build_byte_for_byte(tmp_path, ftp_server, kind, published_copy):
    output = published_copy(tmp_path / "output")
    url, home = ftp_server if kind == "ftp" else (f"file://{tmp_path / 'folder'}", tmp_path / "folder")
    plan = deploy(output, url, say=lambda line: None)
    assert len(plan.uploads) == len(site_files(output))
    assert site_files(home) == site_files(output)
    assert not [p for p in home.rglob("*") if p.name.startswith(".uploading-")]


def test_assets_then_pages_then_feeds_then_deletions(tmp_path, ftp_server, published_copy):
    url, _ = ftp_server
    deploy(published_copy(tmp_path / "first"), url, say=lambda line: None)
    second = published_copy(tmp_path / "second", without_a05)
    RecordingHandler.events = []
    deploy(second, url, say=lambda line: None)
    # A file that is gone is set aside (kept for a rollback), not deleted; one that changed is
    # set aside just before its new version takes its place, in its own phase.
    gone = set(local_manifest(tmp_path / "first")) - set(local_manifest(second))
    kinds = [
        ("delete" if path.lstrip("/") in gone else phase_of(path))
        for event, path in RecordingHandler.events
        if not path.endswith(MANIFEST_NAME) and (event == "upload" or path.lstrip("/") in gone)
    ]
    order = ["assets", "pages", "feeds", "delete"]
    assert kinds == sorted(kinds, key=order.index)
    assert "delete" in kinds and "pages" in kinds


def test_second_deploy_sends_only_what_changed(tmp_path, ftp_server, published_copy):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    first = published_copy(tmp_path / "first")
    deploy(first, url, say=lambda line: None)
    path = content / "tin-tuc" / "a07.md"
    path.write_text(path.read_text(encoding="utf-8").replace("viết để kiểm thử", "đã sửa lại"), encoding="utf-8")
    second = built(tmp_path, "second", content)
    before, after = local_manifest(first), local_manifest(second)
    changed = {p for p in after if before.get(p) != after[p]}
    RecordingHandler.events = []
    plan = deploy(second, url, say=lambda line: None)
    sent = {p for _, p in plan.uploads}
    assert sent == changed
    assert "tin-tuc/2024/a07/index.html" in sent
    assert len(sent) < len(after) / 5  # the article, its lists and feeds, the search index: not the site
    uploads = [p for event, p in RecordingHandler.events if event == "upload" and not p.endswith(MANIFEST_NAME)]
    assert len(uploads) == len(sent)
    assert site_files(home) == site_files(second)
    # A third deploy of the same build, as from a fresh checkout with new timestamps: nothing.
    shutil.copytree(second, tmp_path / "fresh")
    assert deploy(tmp_path / "fresh", url, say=lambda line: None).empty


def test_deleted_article_disappears(tmp_path, ftp_server, published_copy):
    url, home = ftp_server
    deploy(published_copy(tmp_path / "first"), url, say=lambda line: None)
    assert (home / "tin-tuc" / "2025" / "a05" / "index.html").is_file()
    second = published_copy(tmp_path / "second", without_a05)
    plan = deploy(second, url, say=lambda line: None)
    assert "tin-tuc/2025/a05/index.html" in plan.deletes
    assert not (home / "tin-tuc" / "2025" / "a05" / "index.html").exists()
    assert site_files(home) == site_files(second)


def test_interrupted_deploy_finishes_when_run_again(tmp_path, ftp_server, published_copy):
    url, home = ftp_server
    output = published_copy(tmp_path / "output")
    total = len(site_files(output))
    RecordingHandler.uploads_left = total // 2
    with pytest.raises(ftplib.Error):
        deploy(output, url, say=lambda line: None)
    assert 0 < len(site_files(home)) < total
    RecordingHandler.uploads_left = None
    plan = deploy(output, url, say=lambda line: None)
    assert len(plan.uploads) < total  # the finished phases are not sent again
    assert site_files(home) == site_files(output)


def test_dry_run_changes_nothing(tmp_path, ftp_server, published_copy):
    url, home = ftp_server
    lines = []
    plan = deploy(published_copy(tmp_path / "output"), url, dry_run=True, say=lines.append)
    assert plan.uploads and any("index.html" in line for line in lines)
    assert list(home.iterdir()) == []
    assert not list(RecordingHandler.events)


def test_a_failing_gate_deploys_nothing(tmp_path, ftp_server):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    path = content / "tin-tuc" / "a07.md"
    path.write_text(
        path.read_text(encoding="utf-8") + '\nXem <a href="../../../trang-khong-co/">trang này</a>.\n', encoding="utf-8"
    )
    message = blocked(tmp_path, settings(url), content=content)
    assert "Liên kết hỏng" in message and "trang-khong-co" in message
    assert list(home.iterdir()) == []


def test_content_problems_block_publishing(tmp_path, ftp_server):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    (content / "tin-tuc" / "sai.md").write_text("Title: Sai\nDate: 2025-01-01\nArea: Sao Hỏa\n\nx\n", encoding="utf-8")
    message = blocked(tmp_path, settings(url), content=content)
    assert "tin-tuc/sai.md" in message and "Sao Hỏa" in message
    assert list(home.iterdir()) == []


def test_publish_needs_a_target_and_an_address(tmp_path):
    with pytest.raises(PublishBlocked, match="DEPLOY_URL"):
        publish("publishconf.py", tmp_path / "staging", settings(""), tests=False, **publish_options(tmp_path))
    with pytest.raises(PublishBlocked, match="SITEURL"):
        target = settings(f"file://{tmp_path / 'x'}", siteurl="")
        publish("publishconf.py", tmp_path / "staging", target, tests=False, **publish_options(tmp_path))
    assert not (tmp_path / "x").exists() and not (tmp_path / "staging").exists()


def test_the_same_content_builds_to_the_same_files(tmp_path):
    """Deploys compare contents: a rebuild must not change files whose content did not
    (the search index included)."""
    one, two = (local_manifest(built(tmp_path, name)) for name in ("one", "two"))
    assert any(path.startswith("tim-kiem/chi-muc/t/") for path in one) and one == two


@pytest.mark.parametrize("scheme", ["sftp", "ssh"])
def test_sftp_and_rsync_over_ssh(tmp_path, ssh_server, scheme, published_copy):
    port, user = ssh_server
    target = tmp_path / "remote"
    first = published_copy(tmp_path / "first")
    url = f"{scheme}://{user}@127.0.0.1:{port}{target}"
    plan = deploy(first, url, say=lambda line: None)
    assert len(plan.uploads) == len(site_files(first))
    assert site_files(target) == site_files(first)
    second = published_copy(tmp_path / "second", without_a05)
    plan = deploy(second, url, say=lambda line: None)
    assert "tin-tuc/2025/a05/index.html" in plan.deletes
    assert site_files(target) == site_files(second)
    assert deploy(second, url, say=lambda line: None).empty


def test_a_publish_keeps_every_address_and_says_what_it_redirected(tmp_path):
    """A renamed and a deleted article, published to a target that holds the earlier site:
    a redirect and a "Bài đã gỡ" page, both in the publish log; nothing dropped."""
    folder = tmp_path / "target"
    content = editable_copy(tmp_path)
    options = publish_options(tmp_path, content)
    target = settings(f"file://{folder}")
    publish("publishconf.py", tmp_path / "staging", target, tests=False, say=lambda line: None, **options)
    (content / "tin-tuc" / "a05.md").rename(content / "tin-tuc" / "a05-doi-ten.md")
    (content / "tin-tuc" / "a06.md").unlink()
    log = []
    publish("publishconf.py", tmp_path / "staging", target, tests=False, say=log.append, **options)
    assert "Chuyển hướng 1 địa chỉ cũ (301 redirect):" in log
    assert f"  {SITEURL}/tin-tuc/2025/a05/ → {SITEURL}/tin-tuc/2025/a05-doi-ten/" in log
    assert "Gỡ 1 địa chỉ, để lại trang “Bài đã gỡ” (410 gone):" in log
    assert f'<link rel="canonical" href="{SITEURL}/tin-tuc/2025/a05-doi-ten/">' in (
        folder / "tin-tuc" / "2025" / "a05" / "index.html"
    ).read_text(encoding="utf-8")
    gone = next(line for line in log[log.index("Gỡ 1 địa chỉ, để lại trang “Bài đã gỡ” (410 gone):") + 1 :])
    assert "Bài đã gỡ" in (folder / gone.strip().removeprefix(f"{SITEURL}/") / "index.html").read_text(encoding="utf-8")
    htaccess = (folder / ".htaccess").read_text(encoding="utf-8")
    assert 'RedirectMatch 301 "^/giam-ngheo/tin\\-tuc/2025/a05/(index\\.html)?$"' in htaccess
