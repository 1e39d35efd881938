"""Every publish can be undone: publish A, publish B, roll back, and the target holds A."""

import ftplib
import json

import pytest
from servers import (  # noqa: F401 (fixtures)
    RecordingHandler,
    built,
    editable_copy,
    ftp_server,
    published_copy,
    site_files,
    ssh_server,
)

from giamngheo.publishing.deploy import deploy, rollback
from giamngheo.publishing.history import HISTORY, KEEP_VERSIONS
from giamngheo.publishing.manifest import MANIFEST_NAME, local_manifest
from giamngheo.publishing.targets import DeployError


def quiet(line):
    pass


def version_b(content):
    """The fixture content with an article edited, one deleted, one added."""
    (content / "tin-tuc" / "a05.md").unlink()
    edited = content / "tin-tuc" / "a07.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("viết để kiểm thử", "đã sửa lại"), encoding="utf-8")
    (content / "tin-tuc" / "moi.md").write_text(
        "Title: Bài mới\nDate: 2025-08-01\nArea: Xã Hồng Dân\n\nMột bài mới.\n", encoding="utf-8"
    )


@pytest.fixture
def two_versions(tmp_path, published_copy):
    """Version A of the fixture site, and B (version_b), as fresh copies of builds shared by
    the session."""
    return published_copy(tmp_path / "a"), published_copy(tmp_path / "b", version_b)


@pytest.fixture(params=["ftp", "file", "sftp", "ssh"])
def target(request, tmp_path):
    """(DEPLOY_URL, the folder the target writes into) for each kind of target."""
    if request.param == "ftp":
        return request.getfixturevalue("ftp_server")
    folder = tmp_path / "remote"
    if request.param == "file":
        return f"file://{folder}", folder
    port, user = request.getfixturevalue("ssh_server")
    return f"{request.param}://{user}@127.0.0.1:{port}{folder}", folder


def manifest(home):
    return json.loads((home / MANIFEST_NAME).read_text(encoding="utf-8"))


def test_roll_back_puts_the_previous_version_back(target, two_versions):
    url, home = target
    first, second = two_versions
    deploy(first, url, say=quiet)
    deploy(second, url, say=quiet)
    assert site_files(home) == site_files(second) != site_files(first)
    lines = []
    plan = rollback(url, say=lines.append)
    assert site_files(home) == site_files(first)
    assert manifest(home)["files"] == local_manifest(first)
    assert "tin-tuc/2025/a05/index.html" in {path for _, path in plan.restores}
    assert "tin-tuc/2025/moi/index.html" in plan.deletes
    assert any("Khôi phục" in line for line in lines)
    # Publishing B again sends only what differs from A, and is itself undoable.
    again = deploy(second, url, say=quiet)
    was = local_manifest(first)
    assert {path for _, path in again.uploads} == {
        path for path, digest in local_manifest(second).items() if was.get(path) != digest
    }
    assert site_files(home) == site_files(second)


def test_the_first_publish_is_not_rolled_back_to_an_empty_site(tmp_path):
    home = tmp_path / "remote"
    first = built(tmp_path, "a")
    deploy(first, f"file://{home}", say=quiet)
    with pytest.raises(DeployError, match="chưa lưu phiên bản"):
        rollback(f"file://{home}", say=quiet)
    assert site_files(home) == site_files(first)


def test_restores_in_the_order_of_a_publish(ftp_server, two_versions):
    url, _ = ftp_server
    first, second = two_versions
    deploy(first, url, say=quiet)
    deploy(second, url, say=quiet)
    RecordingHandler.events = []
    plan = rollback(url, say=quiet)
    order = ["assets", "pages", "feeds"]
    phases = [phase for phase, _ in plan.restores]
    assert phases == sorted(phases, key=order.index) and {"pages", "feeds"} <= set(phases)
    restored = [
        path.lstrip("/")
        for event, path in RecordingHandler.events
        if event == "upload" and not path.endswith(MANIFEST_NAME)
    ]
    assert restored == [path for _, path in plan.restores]


def publish_a_then_cut_b(two_versions, ftp_server):
    """A published; B cut off after its records and a few files."""
    url, home = ftp_server
    first, second = two_versions
    deploy(first, url, say=quiet)
    RecordingHandler.uploads_left = 12
    with pytest.raises(ftplib.Error):
        deploy(second, url, say=quiet)
    RecordingHandler.uploads_left = None
    assert site_files(home) != site_files(first)
    return url, home, first, second


def test_rollback_after_an_interrupted_publish(two_versions, ftp_server):
    url, home, first, _ = publish_a_then_cut_b(two_versions, ftp_server)
    rollback(url, say=quiet)
    assert site_files(home) == site_files(first)
    assert manifest(home)["files"] == local_manifest(first)


def test_an_interrupted_publish_resumed_is_still_undoable(two_versions, ftp_server):
    url, home, first, second = publish_a_then_cut_b(two_versions, ftp_server)
    deploy(second, url, say=quiet)
    assert site_files(home) == site_files(second)
    assert len(manifest(home)["versions"]) == 2 and "deploying" not in manifest(home)
    rollback(url, say=quiet)
    assert site_files(home) == site_files(first)


def test_only_the_newest_versions_are_kept(tmp_path):
    home = tmp_path / "remote"
    content = editable_copy(tmp_path)
    page = content / "tin-tuc" / "a07.md"
    for number in range(KEEP_VERSIONS + 3):
        page.write_text(page.read_text(encoding="utf-8") + f"\nLần sửa {number}.\n", encoding="utf-8")
        deploy(built(tmp_path, f"v{number}", content), f"file://{home}", say=quiet)
    assert len(manifest(home)["versions"]) == KEEP_VERSIONS
    assert sorted(p.name for p in (home / HISTORY).iterdir()) == manifest(home)["versions"]
    for _ in range(KEEP_VERSIONS):
        rollback(f"file://{home}", say=quiet)
    assert site_files(home) == site_files(tmp_path / "v2")
    assert not list((home / HISTORY).iterdir())
