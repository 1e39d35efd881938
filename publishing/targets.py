"""Where a site is published: a folder, an FTP or FTPS account, SFTP, or rsync over SSH.

Every target replaces a file atomically (upload under a temporary name, then rename), so a
reader never receives half a page, and keeps the manifest of what it holds.
"""

import ftplib
import io
import json
import os
import posixpath
import shlex
import shutil
import ssl
import subprocess
import tempfile
import urllib.parse

from .manifest import MANIFEST_NAME

TEMPORARY_PREFIX = ".uploading-"


class DeployError(Exception):
    """A deploy cannot go on; the message says why in plain words."""


class FolderTarget:
    """file:///path — a local folder (or one mounted from the host)."""

    def __init__(self, root):
        self.root = root
        os.makedirs(root, exist_ok=True)

    def read_manifest(self):
        try:
            with open(os.path.join(self.root, MANIFEST_NAME), encoding="utf-8") as source:
                return json.load(source)["files"]
        except FileNotFoundError:
            return {}

    def write_manifest(self, files):
        self._write(MANIFEST_NAME, json.dumps({"files": files}, indent=0, sort_keys=True).encode("utf-8"))

    def upload(self, relative, local_path):
        with open(local_path, "rb") as source:
            self._write(relative, source.read())

    def _write(self, relative, data):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=os.path.dirname(path))
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)

    def delete(self, relative):
        try:
            os.remove(os.path.join(self.root, relative))
        except FileNotFoundError:
            pass

    def close(self):
        pass


class FtpTarget:
    """ftp:// and ftps:// (explicit TLS), as shared cPanel hosting offers."""

    def __init__(self, url, password=None):
        parts = urllib.parse.urlsplit(url)
        self.root = parts.path or "/"
        secure = parts.scheme == "ftps"
        # ftplib's own default for FTPS checks no certificate; a deploy password deserves better.
        context = ssl.create_default_context(cafile=os.environ.get("DEPLOY_CA_FILE") or None)
        self.ftp = ftplib.FTP_TLS(timeout=60, context=context) if secure else ftplib.FTP(timeout=60)
        try:
            self.ftp.connect(parts.hostname, parts.port or 21)
            self.ftp.login(urllib.parse.unquote(parts.username or "anonymous"),
                           urllib.parse.unquote(parts.password or password or ""))
            if secure:
                self.ftp.prot_p()
        except (OSError, ftplib.Error) as error:
            raise DeployError(f"Không kết nối được máy chủ FTP {parts.hostname}: {error}") from error
        self.made = set()

    def _path(self, relative):
        return posixpath.join(self.root, relative)

    def _makedirs(self, folder):
        parts, current = [p for p in folder.split("/") if p], "/" if folder.startswith("/") else ""
        for part in parts:
            current = posixpath.join(current, part)
            if current in self.made:
                continue
            try:
                self.ftp.mkd(current)
            except ftplib.error_perm:
                pass  # it exists
            self.made.add(current)

    def read_manifest(self):
        buffer = io.BytesIO()
        try:
            self.ftp.retrbinary(f"RETR {self._path(MANIFEST_NAME)}", buffer.write)
        except ftplib.error_perm:
            return {}
        return json.loads(buffer.getvalue().decode("utf-8"))["files"]

    def write_manifest(self, files):
        self._store(MANIFEST_NAME, io.BytesIO(json.dumps({"files": files}, sort_keys=True).encode("utf-8")))

    def upload(self, relative, local_path):
        with open(local_path, "rb") as source:
            self._store(relative, source)

    def _store(self, relative, stream):
        target = self._path(relative)
        folder, name = posixpath.split(target)
        self._makedirs(folder)
        temporary = posixpath.join(folder, TEMPORARY_PREFIX + name)
        self.ftp.storbinary(f"STOR {temporary}", stream)
        try:
            self.ftp.rename(temporary, target)
        except ftplib.error_perm:
            # Some servers refuse to rename onto an existing file.
            self.ftp.delete(target)
            self.ftp.rename(temporary, target)

    def delete(self, relative):
        try:
            self.ftp.delete(self._path(relative))
        except ftplib.error_perm:
            pass  # already gone

    def close(self):
        try:
            self.ftp.quit()
        except ftplib.all_errors:  # the line may already be cut
            self.ftp.close()


class SftpTarget:
    """sftp://user@host/path, with paramiko (password in the URL or DEPLOY_PASSWORD, or an SSH key)."""

    def __init__(self, url, password=None):
        import paramiko

        parts = urllib.parse.urlsplit(url)
        self.root = parts.path or "."
        self.client = paramiko.SSHClient()
        self.client.load_system_host_keys()
        known_hosts, key = os.environ.get("DEPLOY_KNOWN_HOSTS"), os.environ.get("DEPLOY_SSH_KEY")
        if known_hosts:
            self.client.load_host_keys(known_hosts)  # an unknown host is refused, never trusted
        try:
            self.client.connect(parts.hostname, parts.port or 22, username=parts.username,
                                password=urllib.parse.unquote(parts.password or password or "") or None,
                                key_filename=key or None)
        except Exception as error:  # paramiko raises many kinds; all mean "cannot connect"
            raise DeployError(f"Không kết nối được máy chủ SFTP {parts.hostname}: {error}") from error
        self.sftp = self.client.open_sftp()
        self.made = set()

    def _makedirs(self, folder):
        current = ""
        for part in folder.split("/"):
            current = f"{current}/{part}" if current or folder.startswith("/") else part
            if not part or current in self.made:
                continue
            try:
                self.sftp.stat(current)
            except OSError:
                self.sftp.mkdir(current)
            self.made.add(current)

    def read_manifest(self):
        try:
            with self.sftp.open(posixpath.join(self.root, MANIFEST_NAME)) as source:
                return json.loads(source.read().decode("utf-8"))["files"]
        except OSError:
            return {}

    def write_manifest(self, files):
        self._put(io.BytesIO(json.dumps({"files": files}, sort_keys=True).encode("utf-8")), MANIFEST_NAME)

    def upload(self, relative, local_path):
        with open(local_path, "rb") as source:
            self._put(source, relative)

    def _put(self, stream, relative):
        target = posixpath.join(self.root, relative)
        folder, name = posixpath.split(target)
        self._makedirs(folder)
        temporary = posixpath.join(folder, TEMPORARY_PREFIX + name)
        self.sftp.putfo(stream, temporary)
        self.sftp.posix_rename(temporary, target)

    def delete(self, relative):
        try:
            self.sftp.remove(posixpath.join(self.root, relative))
        except OSError:
            pass

    def close(self):
        self.client.close()


class RsyncTarget:
    """ssh://user@host/path: rsync over SSH, one pass per phase, deletions in the last.

    rsync writes each file under a temporary name and renames it, and compares content by
    checksum (-c), so a fresh checkout with new timestamps uploads nothing that is the same.
    """

    def __init__(self, url, password=None):
        if shutil.which("rsync") is None:
            raise DeployError("Cần cài rsync để xuất bản qua ssh:// (apt-get install rsync).")
        parts = urllib.parse.urlsplit(url)
        user = f"{parts.username}@" if parts.username else ""
        self.remote = f"{user}{parts.hostname}:{parts.path.rstrip('/')}/"
        self.ssh = f"ssh -p {parts.port or 22} -o BatchMode=yes"
        if os.environ.get("DEPLOY_SSH_KEY"):
            self.ssh += f" -i {shlex.quote(os.environ['DEPLOY_SSH_KEY'])}"
        if os.environ.get("DEPLOY_KNOWN_HOSTS"):
            self.ssh += f" -o UserKnownHostsFile={shlex.quote(os.environ['DEPLOY_KNOWN_HOSTS'])}"

    def _run(self, command, **kwargs):
        result = subprocess.run(command, capture_output=True, **kwargs)
        if result.returncode:
            raise DeployError(f"rsync/ssh thất bại: {result.stderr.decode('utf-8', 'replace').strip()}")
        return result.stdout

    def read_manifest(self):
        host, path = self.remote.split(":", 1)
        command = [*shlex.split(self.ssh), host, f"cat {shlex.quote(path + MANIFEST_NAME)} 2>/dev/null || true"]
        data = self._run(command)
        return json.loads(data.decode("utf-8"))["files"] if data.strip() else {}

    def write_manifest(self, files):
        host, path = self.remote.split(":", 1)
        data = json.dumps({"files": files}, sort_keys=True).encode("utf-8")
        self._run([*shlex.split(self.ssh), host, f"cat > {shlex.quote(path + MANIFEST_NAME)}"], input=data)

    def upload_many(self, local_root, paths):
        """Send `paths` (relative) in one rsync run."""
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(paths))
        try:
            self._run(["rsync", "-rc", "--chmod=F644,D755", "-e", self.ssh, "--files-from", listing.name,
                       f"{str(local_root).rstrip('/')}/", self.remote])
        finally:
            os.unlink(listing.name)

    def delete_many(self, local_root, paths):
        """Remove what the built site no longer has (and nothing else)."""
        self._run(["rsync", "-rc", "--delete", f"--exclude={MANIFEST_NAME}", "--chmod=F644,D755",
                   "-e", self.ssh, f"{str(local_root).rstrip('/')}/", self.remote])

    def close(self):
        pass


def open_target(url, password=None):
    """The target named by DEPLOY_URL."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme == "file":
        return FolderTarget(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
    if scheme in ("ftp", "ftps"):
        return FtpTarget(url, password)
    if scheme == "sftp":
        return SftpTarget(url, password)
    if scheme == "ssh":
        return RsyncTarget(url, password)
    raise DeployError(
        f"DEPLOY_URL “{url}” không hợp lệ: cần bắt đầu bằng ftp://, ftps://, sftp://, ssh:// hoặc file://."
    )
