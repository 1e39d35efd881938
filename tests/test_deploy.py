"""Publishing the fixture site to a real FTP server on 127.0.0.1 and to a local folder."""

import ftplib
import getpass
import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from browser import need
from conftest import FIXTURE_SITE, build
from publishing.deploy import deploy
from publishing.manifest import MANIFEST_NAME, local_manifest, phase_of
from publishing.publish import PublishBlocked, publish

SITEURL = "https://example.org/giam-ngheo"


class RecordingHandler(FTPHandler):
    """Records the order of uploads and deletions; can cut the connection after N uploads."""

    events = []
    uploads_left = None

    def ftp_STOR(self, file, mode="w"):
        if RecordingHandler.uploads_left is not None:
            if RecordingHandler.uploads_left <= 0:
                self.respond("421 Máy chủ ngắt kết nối (the test cuts the line).")
                self.close_when_done()
                return None
            RecordingHandler.uploads_left -= 1
        return super().ftp_STOR(file, mode)

    def ftp_RNTO(self, path):
        RecordingHandler.events.append(("upload", self.fs.fs2ftp(path)))
        return super().ftp_RNTO(path)

    def ftp_DELE(self, path):
        RecordingHandler.events.append(("delete", self.fs.fs2ftp(path)))
        return super().ftp_DELE(path)


@pytest.fixture
def ftp_server(tmp_path):
    home = tmp_path / "ftp-home"
    home.mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user("bientap", "mat-khau", str(home), perm="elradfmwMT")
    handler = type("Handler", (RecordingHandler,), {"authorizer": authorizer})
    RecordingHandler.events, RecordingHandler.uploads_left = [], None
    server = FTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    port = server.socket.getsockname()[1]
    yield f"ftp://bientap:mat-khau@127.0.0.1:{port}/", home
    server.close_all()
    thread.join(timeout=5)


@pytest.fixture
def ssh_server(tmp_path, monkeypatch):
    """A real OpenSSH server on 127.0.0.1 (sftp and rsync), with a key made for the test."""
    sshd = "/usr/sbin/sshd"
    need(os.path.exists(sshd) and shutil.which("rsync") and shutil.which("ssh-keygen"), "openssh-server and rsync")
    folder = tmp_path / "ssh"
    folder.mkdir()
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    (folder / "authorized_keys").write_text((folder / "client.pub").read_text())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", "StrictModes no",
        "UsePAM no", f"PidFile {folder / 'sshd.pid'}", "Subsystem sftp internal-sftp", "",
    ]))
    os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege-separation folder
    server = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)], stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    known_hosts = folder / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{port} {(folder / 'host.pub').read_text().split(' ')[0]} "
                           f"{(folder / 'host.pub').read_text().split(' ')[1]}\n")
    monkeypatch.setenv("DEPLOY_SSH_KEY", str(folder / "client"))
    monkeypatch.setenv("DEPLOY_KNOWN_HOSTS", str(known_hosts))
    yield port, getpass.getuser()
    server.terminate()
    server.wait(timeout=10)


def built(tmp_path, name, content=FIXTURE_SITE):
    output = tmp_path / name
    build(content, output, "publishconf.py", SITEURL=SITEURL)
    return output


def site_files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != MANIFEST_NAME}


def editable_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    return content


@pytest.mark.parametrize("kind", ["ftp", "file"])
def test_target_matches_the_build_byte_for_byte(tmp_path, ftp_server, kind):
    output = built(tmp_path, "output")
    url, home = ftp_server if kind == "ftp" else (f"file://{tmp_path / 'folder'}", tmp_path / "folder")
    plan = deploy(output, url, say=lambda line: None)
    assert len(plan.uploads) == len(site_files(output))
    assert site_files(home) == site_files(output)
    assert not [p for p in home.rglob("*") if p.name.startswith(".uploading-")]


def test_assets_then_pages_then_feeds_then_deletions(tmp_path, ftp_server):
    url, _ = ftp_server
    content = editable_copy(tmp_path)
    deploy(built(tmp_path, "first", content), url, say=lambda line: None)
    (content / "tin-tuc" / "a05.md").unlink()
    RecordingHandler.events = []
    deploy(built(tmp_path, "second", content), url, say=lambda line: None)
    kinds = [("delete" if event == "delete" else phase_of(path)) for event, path in RecordingHandler.events
             if not path.endswith(MANIFEST_NAME)]
    order = ["assets", "pages", "feeds", "delete"]
    assert kinds == sorted(kinds, key=order.index)
    assert "delete" in kinds and "pages" in kinds


def test_second_deploy_sends_only_what_changed(tmp_path, ftp_server):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    first = built(tmp_path, "first", content)
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


def test_deleted_article_disappears(tmp_path, ftp_server):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    deploy(built(tmp_path, "first", content), url, say=lambda line: None)
    assert (home / "tin-tuc" / "2025" / "a05" / "index.html").is_file()
    (content / "tin-tuc" / "a05.md").unlink()
    second = built(tmp_path, "second", content)
    plan = deploy(second, url, say=lambda line: None)
    assert "tin-tuc/2025/a05/index.html" in plan.deletes
    assert not (home / "tin-tuc" / "2025" / "a05" / "index.html").exists()
    assert site_files(home) == site_files(second)


def test_interrupted_deploy_finishes_when_run_again(tmp_path, ftp_server):
    url, home = ftp_server
    output = built(tmp_path, "output")
    total = len(site_files(output))
    RecordingHandler.uploads_left = total // 2
    with pytest.raises(ftplib.Error):
        deploy(output, url, say=lambda line: None)
    assert 0 < len(site_files(home)) < total
    RecordingHandler.uploads_left = None
    plan = deploy(output, url, say=lambda line: None)
    assert len(plan.uploads) < total  # the finished phases are not sent again
    assert site_files(home) == site_files(output)


def test_dry_run_changes_nothing(tmp_path, ftp_server):
    url, home = ftp_server
    lines = []
    plan = deploy(built(tmp_path, "output"), url, dry_run=True, say=lines.append)
    assert plan.uploads and any("index.html" in line for line in lines)
    assert list(home.iterdir()) == []
    assert not [e for e in RecordingHandler.events]


def test_a_failing_gate_deploys_nothing(tmp_path, ftp_server):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    path = content / "tin-tuc" / "a07.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nXem <a href=\"../../../trang-khong-co/\">trang này</a>.\n", encoding="utf-8")
    with pytest.raises(PublishBlocked) as blocked:
        publish("publishconf.py", tmp_path / "staging", url, tests=False, say=lambda line: None,
                PATH=str(content), SITEURL=SITEURL, TAXONOMY_DATA_PATH=str(FIXTURE_SITE.parent.parent / "content" / "data"))
    assert "Liên kết hỏng" in str(blocked.value) and "trang-khong-co" in str(blocked.value)
    assert list(home.iterdir()) == []


def test_content_problems_block_publishing(tmp_path, ftp_server):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    (content / "tin-tuc" / "sai.md").write_text("Title: Sai\nDate: 2025-01-01\nArea: Sao Hỏa\n\nx\n", encoding="utf-8")
    with pytest.raises(PublishBlocked) as blocked:
        publish("publishconf.py", tmp_path / "staging", url, tests=False, say=lambda line: None,
                PATH=str(content), SITEURL=SITEURL, TAXONOMY_DATA_PATH=str(FIXTURE_SITE.parent.parent / "content" / "data"))
    assert "tin-tuc/sai.md" in str(blocked.value) and "Sao Hỏa" in str(blocked.value)
    assert list(home.iterdir()) == []


def test_publish_needs_a_target_and_an_address(tmp_path):
    with pytest.raises(PublishBlocked, match="DEPLOY_URL"):
        publish("publishconf.py", tmp_path / "staging", "", tests=False)
    with pytest.raises(PublishBlocked, match="SITEURL"):
        publish("publishconf.py", tmp_path / "staging", "file:///tmp/x", tests=False, SITEURL="")


def test_the_same_content_builds_to_the_same_files(tmp_path):
    """Deploys compare contents: a rebuild must not change files whose content did not
    (the search index included)."""
    one, two = (local_manifest(built(tmp_path, name)) for name in ("one", "two"))
    assert any(path.startswith("tim-kiem/chi-muc/t/") for path in one) and one == two


@pytest.mark.parametrize("scheme", ["sftp", "ssh"])
def test_sftp_and_rsync_over_ssh(tmp_path, ssh_server, scheme):
    port, user = ssh_server
    target = tmp_path / "remote"
    content = editable_copy(tmp_path)
    first = built(tmp_path, "first", content)
    url = f"{scheme}://{user}@127.0.0.1:{port}{target}"
    plan = deploy(first, url, say=lambda line: None)
    assert len(plan.uploads) == len(site_files(first))
    assert site_files(target) == site_files(first)
    (content / "tin-tuc" / "a05.md").unlink()
    second = built(tmp_path, "second", content)
    plan = deploy(second, url, say=lambda line: None)
    assert "tin-tuc/2025/a05/index.html" in plan.deletes
    assert site_files(target) == site_files(second)
    assert deploy(second, url, say=lambda line: None).empty
