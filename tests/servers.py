"""Deploy targets for the tests: a real FTP server and a real OpenSSH server on 127.0.0.1,
and the fixture site built for production."""

import getpass
import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
from browser import need
from conftest import DATA, FIXTURE_SITE, GATE_CACHE, SHARED_CACHES, build, free_port
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from giamngheo.publishing.history import HISTORY
from giamngheo.publishing.manifest import MANIFEST_NAME
from giamngheo.publishing.publish import PublishBlocked, publish
from giamngheo.publishing.secrets import PublishSettings

SITEURL = "https://example.org/giam-ngheo"
FTP_USER, FTP_PASSWORD = "bientap", "mat-khau-ftp"


class RecordingHandler(FTPHandler):
    """Records the order of uploads, files set aside and deletions; can cut the line after N uploads."""

    events = []
    uploads_left = None
    # pyftpdlib waits 3 s before refusing a wrong password (against guessing); a test that
    # tries one gets the same refusal at once.
    auth_failed_timeout = 0

    def ftp_STOR(self, file, mode="w"):
        if RecordingHandler.uploads_left is not None:
            if RecordingHandler.uploads_left <= 0:
                self.respond("421 Máy chủ ngắt kết nối (the test cuts the line).")
                self.close_when_done()
                return None
            RecordingHandler.uploads_left -= 1
        return super().ftp_STOR(file, mode)

    def ftp_RNTO(self, path):
        source, target = self.fs.fs2ftp(self._rnfr or ""), self.fs.fs2ftp(path)
        if HISTORY not in target:
            RecordingHandler.events.append(("upload", target))
        elif ".uploading-" not in source:
            RecordingHandler.events.append(("aside", source))  # a live file kept for rollback
        return super().ftp_RNTO(path)

    def ftp_DELE(self, path):
        RecordingHandler.events.append(("delete", self.fs.fs2ftp(path)))
        return super().ftp_DELE(path)


@pytest.fixture
def ftp_server(tmp_path):
    home = tmp_path / "ftp-home"
    home.mkdir()
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(home), perm="elradfmwMT")
    (tmp_path / "read-only").mkdir()
    authorizer.add_user("chi-doc", FTP_PASSWORD, str(tmp_path / "read-only"), perm="elr")
    handler = type("Handler", (RecordingHandler,), {"authorizer": authorizer})
    RecordingHandler.events, RecordingHandler.uploads_left = [], None
    server = FTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"timeout": 0.2}, daemon=True)
    thread.start()
    port = server.socket.getsockname()[1]
    yield f"ftp://{FTP_USER}:{FTP_PASSWORD}@127.0.0.1:{port}/", home
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
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {folder / 'host'}",
                f"AuthorizedKeysFile {folder / 'authorized_keys'}",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                f"PidFile {folder / 'sshd.pid'}",
                "Subsystem sftp internal-sftp",
                # The classic key exchange: a tenth of the CPU of OpenSSH's post-quantum default,
                # for the dozens of connections a deploy over ssh:// opens.
                "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org",
                # A hosting account's shell, not this machine's: Debian's bash reads ~/.bashrc for
                # every command sshd runs, and a developer's (pyenv, nvm…) may start dozens of
                # processes each time (3,500 for one rollback here, most of its 9 s).
                f"SetEnv HOME={folder}",
                "",
            ]
        )
    )
    os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege-separation folder
    server = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)], stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    known_hosts = folder / "known_hosts"
    known_hosts.write_text(
        f"[127.0.0.1]:{port} {(folder / 'host.pub').read_text().split(' ')[0]} "
        f"{(folder / 'host.pub').read_text().split(' ')[1]}\n"
    )
    monkeypatch.setenv("DEPLOY_SSH_KEY", str(folder / "client"))
    monkeypatch.setenv("DEPLOY_KNOWN_HOSTS", str(known_hosts))
    yield port, getpass.getuser()
    server.terminate()
    server.wait(timeout=10)


def built(tmp_path, name, content=FIXTURE_SITE):
    output = tmp_path / name
    build(content, output, "publishconf.py", SITEURL=SITEURL)
    return output


def without_a05(content):
    """The fixture content with one article deleted."""
    (content / "tin-tuc" / "a05.md").unlink()


@pytest.fixture(scope="session")
def published_copy(site_builds, tmp_path_factory):
    """A function: a fresh copy, at `into`, of what `built()` makes of the fixture site, or of
    the fixture site after `change(content)`; each is built once per session."""
    contents = {None: FIXTURE_SITE}

    def copy(into, change=None):
        if change not in contents:
            contents[change] = tmp_path_factory.mktemp(change.__name__) / "content"
            shutil.copytree(FIXTURE_SITE, contents[change])
            change(contents[change])
        output, _ = site_builds("publishconf.py", content=contents[change], SITEURL=SITEURL)
        return shutil.copytree(output, into)

    return copy


def site_files(root):
    """What visitors can fetch: every file but the manifest and the kept versions."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME and HISTORY not in p.relative_to(root).parts
    }


def settings(url, siteurl=SITEURL, password=None):
    return PublishSettings(siteurl=siteurl, url=url, password=password)


def editable_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE, content)
    return content


def publish_options(tmp_path, content=FIXTURE_SITE):
    """The overrides of a test's publish: `content` with the site's own data, and every cache
    outside the checkout (the gate's is shared: conftest.GATE_CACHE)."""
    return {
        "PATH": str(content),
        "TAXONOMY_DATA_PATH": str(DATA),  # the site's own areas and programs
        "CACHE_PATH": str(tmp_path / "cache"),
        "GATE_CACHE_PATH": GATE_CACHE,
        **SHARED_CACHES,
    }


def blocked(tmp_path, publish_settings, content=FIXTURE_SITE, capsys=None):
    """The message publishing stops with; everything printed on the way must hold no password."""
    with pytest.raises(PublishBlocked) as stop:
        publish(
            "publishconf.py",
            tmp_path / "staging",
            publish_settings,
            tests=False,
            say=print,
            **publish_options(tmp_path, content),
        )
    message = str(stop.value)
    for value in publish_settings.secrets:
        assert value not in message
        if capsys:
            printed = capsys.readouterr()
            assert value not in printed.out + printed.err
    return message
