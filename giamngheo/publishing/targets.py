"""Where a site is published: a folder, an FTP or FTPS account, SFTP, or rsync over SSH.

Every target replaces a file atomically (upload under a temporary name, then rename), so a
reader never receives half a page. Besides the site, a target holds the files that keep a
publish undoable (publishing/history.py): small JSON records, read and written whole, and
older versions of files, moved aside on the server instead of being overwritten or deleted.
All paths given to a target are relative to its root, with "/" between folders.
"""

import errno
import ftplib
import io
import os
import posixpath
import shlex
import shutil
import socket
import ssl
import subprocess
import tempfile
import urllib.parse

from . import secrets

TEMPORARY_PREFIX = ".uploading-"


class DeployError(Exception):
    """A deploy cannot go on; the message says why in plain words, and which setting to fix."""


def unreachable(host, port, error):
    return DeployError(
        f"Không kết nối được máy chủ {host}:{port} ({error}). Kiểm tra tên máy và cổng trong secret "
        f"DEPLOY_URL, và máy chủ có đang chạy không. (Cannot reach the host: check the DEPLOY_URL secret.)"
    )


def login_refused(host, user):
    return DeployError(
        f"Máy chủ {host} từ chối đăng nhập tài khoản “{user}”: sai tên đăng nhập, mật khẩu hoặc khóa. "
        f"Sửa secret DEPLOY_PASSWORD (hoặc mật khẩu, tên trong DEPLOY_URL; khóa SSH trong DEPLOY_SSH_KEY). "
        f"(Login refused: check the DEPLOY_PASSWORD secret.)"
    )


def not_writable(host, where, detail=""):
    detail = f" ({detail})" if detail else ""
    return DeployError(
        f"Tài khoản không có quyền ghi vào “{where}” trên {host}{detail}. Kiểm tra thư mục trong secret "
        f"DEPLOY_URL và quyền ghi của tài khoản trên máy chủ. (No write permission: check DEPLOY_URL's folder "
        f"and the account's rights.)"
    )


class Target:
    """What every target offers; the batch methods loop unless a target can do better."""

    host = "máy này"

    def read_bytes(self, relative):
        """The file's bytes, or None when it is not there."""
        raise NotImplementedError

    def write_bytes(self, relative, data):
        raise NotImplementedError

    def upload(self, relative, local_path, keep_as=None):
        """Put a local file at `relative`; with keep_as, the file it replaces is moved there."""
        raise NotImplementedError

    def move(self, source, destination):
        """Rename on the server (replacing `destination`); nothing happens if `source` is gone."""
        raise NotImplementedError

    def delete(self, relative):
        """Remove a file; nothing happens if it is already gone."""
        raise NotImplementedError

    def listdir(self, relative):
        """Names in a folder ([] when there is no such folder)."""
        raise NotImplementedError

    def rmdir(self, relative):
        """Remove an empty folder; nothing happens if it is gone."""
        raise NotImplementedError

    def upload_many(self, local_root, paths, keep=None):
        keep = keep or {}
        for path in paths:
            self.upload(path, os.path.join(local_root, path), keep_as=keep.get(path))

    def move_many(self, pairs):
        for source, destination in pairs:
            self.move(source, destination)

    def delete_many(self, paths):
        for path in paths:
            self.delete(path)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class FolderTarget(Target):
    """file:///path — a local folder (or one mounted from the host)."""

    def __init__(self, root):
        self.root = root
        try:
            os.makedirs(root, exist_ok=True)
        except PermissionError as error:
            raise not_writable(self.host, root, error.strerror) from None

    def _full(self, relative):
        return os.path.join(self.root, *relative.split("/"))

    def read_bytes(self, relative):
        try:
            with open(self._full(relative), "rb") as source:
                return source.read()
        except FileNotFoundError:
            return None

    def write_bytes(self, relative, data):
        path = self._full(relative)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=os.path.dirname(path))
            with os.fdopen(handle, "wb") as output:
                output.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except PermissionError as error:
            raise not_writable(self.host, os.path.dirname(path), error.strerror) from None

    def upload(self, relative, local_path, keep_as=None):
        with open(local_path, "rb") as source:
            data = source.read()
        if keep_as:
            self._keep(relative, keep_as)
        self.write_bytes(relative, data)

    def _keep(self, relative, keep_as):
        """A hard link keeps the old file while the new one replaces it atomically."""
        old, kept = self._full(relative), self._full(keep_as)
        os.makedirs(os.path.dirname(kept), exist_ok=True)
        try:
            if os.path.exists(kept):
                os.remove(kept)
            os.link(old, kept)
        except FileNotFoundError:
            pass
        except OSError:  # a file system without hard links
            shutil.copy2(old, kept)

    def move(self, source, destination):
        target = self._full(destination)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.replace(self._full(source), target)
        except FileNotFoundError:
            pass

    def delete(self, relative):
        try:
            os.remove(self._full(relative))
        except FileNotFoundError:
            pass

    def listdir(self, relative):
        try:
            return sorted(os.listdir(self._full(relative)))
        except FileNotFoundError:
            return []

    def rmdir(self, relative):
        try:
            os.rmdir(self._full(relative))
        except FileNotFoundError:
            pass


class RemoteTarget(Target):
    """A server that receives each file under a temporary name in its folder, then renames
    it into place, so that a reader never gets half a file (FTP, SFTP). A subclass sends
    (`_send`), renames (`_rename`) and knows its paths (`_path`, `_makedirs`)."""

    def write_bytes(self, relative, data):
        self._store(relative, io.BytesIO(data))

    def upload(self, relative, local_path, keep_as=None):
        with open(local_path, "rb") as source:
            self._store(relative, source, keep_as)

    def _store(self, relative, stream, keep_as=None):
        target = self._path(relative)
        folder, name = posixpath.split(target)
        self._makedirs(folder)
        temporary = posixpath.join(folder, TEMPORARY_PREFIX + name)
        self._send(stream, temporary, folder)
        if keep_as:
            self.move(relative, keep_as)  # the version it replaces, kept for a rollback
        self._rename(temporary, target)


class FtpTarget(RemoteTarget):
    """ftp:// and ftps:// (explicit TLS), as shared cPanel hosting offers."""

    def __init__(self, url, password=None):
        parts = urllib.parse.urlsplit(url)
        self.root = parts.path or "/"
        self.host, port = parts.hostname, parts.port or 21
        self.user = urllib.parse.unquote(parts.username or "anonymous")
        secure = parts.scheme == "ftps"
        # ftplib's own default for FTPS checks no certificate; a deploy password deserves better.
        context = ssl.create_default_context(cafile=os.environ.get("DEPLOY_CA_FILE") or None)
        self.ftp = ftplib.FTP_TLS(timeout=60, context=context) if secure else ftplib.FTP(timeout=60)
        try:
            self.ftp.connect(self.host, port)
        except (OSError, ftplib.Error) as error:
            raise unreachable(self.host, port, _plain(error)) from None
        try:
            self.ftp.login(self.user, urllib.parse.unquote(parts.password or "") or password or "")
            if secure:
                self.ftp.prot_p()
        except ftplib.error_perm:
            raise login_refused(self.host, self.user) from None
        except (OSError, ftplib.Error) as error:
            raise unreachable(self.host, port, _plain(error)) from None
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
                pass  # it exists, or we may not write here: the upload says which
            self.made.add(current)

    def read_bytes(self, relative):
        buffer = io.BytesIO()
        try:
            self.ftp.retrbinary(f"RETR {self._path(relative)}", buffer.write)
        except ftplib.error_perm:
            return None
        return buffer.getvalue()

    def _send(self, stream, temporary, folder):
        try:
            self.ftp.storbinary(f"STOR {temporary}", stream)
        except ftplib.error_perm as error:
            raise not_writable(self.host, folder, _plain(error)) from None

    def _rename(self, source, target):
        try:
            self.ftp.rename(source, target)
        except ftplib.error_perm:
            # Some servers refuse to rename onto an existing file.
            self.ftp.delete(target)
            self.ftp.rename(source, target)

    def move(self, source, destination):
        target = self._path(destination)
        self._makedirs(posixpath.dirname(target))
        try:
            self.ftp.sendcmd(f"RNFR {self._path(source)}")
        except ftplib.error_perm:
            return  # nothing to move
        try:
            self.ftp.sendcmd(f"RNTO {target}")
        except ftplib.error_perm:
            self.ftp.delete(target)
            self._rename(self._path(source), target)

    def delete(self, relative):
        try:
            self.ftp.delete(self._path(relative))
        except ftplib.error_perm:
            pass  # already gone

    def listdir(self, relative):
        try:
            names = self.ftp.nlst(self._path(relative))
        except ftplib.error_perm:
            return []
        return sorted({posixpath.basename(name) for name in names} - {".", ".."})

    def rmdir(self, relative):
        try:
            self.ftp.rmd(self._path(relative))
        except ftplib.error_perm:
            pass

    def close(self):
        try:
            self.ftp.quit()
        except ftplib.all_errors:  # the line may already be cut
            self.ftp.close()


class SftpTarget(RemoteTarget):
    """sftp://user@host/path, with paramiko (password in the URL or DEPLOY_PASSWORD, or an SSH key)."""

    def __init__(self, url, password=None):
        import paramiko

        parts = urllib.parse.urlsplit(url)
        self.root = parts.path or "."
        self.host, port = parts.hostname, parts.port or 22
        self.client = paramiko.SSHClient()
        self.client.load_system_host_keys()
        known_hosts, key = os.environ.get("DEPLOY_KNOWN_HOSTS"), os.environ.get("DEPLOY_SSH_KEY")
        if known_hosts:
            self.client.load_host_keys(known_hosts)  # an unknown host is refused, never trusted
        try:
            self.client.connect(
                self.host,
                port,
                username=parts.username,
                password=urllib.parse.unquote(parts.password or "") or password or None,
                key_filename=key or None,
                allow_agent=False,
                look_for_keys=not key,
            )
        except paramiko.AuthenticationException:
            raise login_refused(self.host, parts.username) from None
        except paramiko.SSHException as error:
            raise DeployError(
                f"Không xác minh được máy chủ SFTP {self.host} ({_plain(error)}). Đặt khóa máy chủ vào "
                f"secret DEPLOY_KNOWN_HOSTS. (Unknown host key: set DEPLOY_KNOWN_HOSTS.)"
            ) from None
        except OSError as error:
            raise unreachable(self.host, port, _plain(error)) from None
        self.sftp = self.client.open_sftp()
        self.made = set()

    def _path(self, relative):
        return posixpath.join(self.root, relative)

    def _makedirs(self, folder):
        current = ""
        for part in folder.split("/"):
            current = f"{current}/{part}" if current or folder.startswith("/") else part
            if not part or current in self.made:
                continue
            try:
                self.sftp.stat(current)
            except OSError:
                try:
                    self.sftp.mkdir(current)
                except OSError as error:
                    raise not_writable(self.host, current, _plain(error)) from None
            self.made.add(current)

    def read_bytes(self, relative):
        try:
            with self.sftp.open(self._path(relative)) as source:
                return source.read()
        except OSError:
            return None

    def _send(self, stream, temporary, folder):
        try:
            self.sftp.putfo(stream, temporary)
        except PermissionError as error:
            raise not_writable(self.host, folder, _plain(error)) from None

    def _rename(self, source, target):
        self.sftp.posix_rename(source, target)

    def move(self, source, destination):
        target = self._path(destination)
        self._makedirs(posixpath.dirname(target))
        try:
            self.sftp.posix_rename(self._path(source), target)
        except FileNotFoundError:
            pass

    def delete(self, relative):
        try:
            self.sftp.remove(self._path(relative))
        except OSError:
            pass

    def listdir(self, relative):
        try:
            return sorted(self.sftp.listdir(self._path(relative)))
        except OSError:
            return []

    def rmdir(self, relative):
        try:
            self.sftp.rmdir(self._path(relative))
        except OSError:
            pass

    def close(self):
        self.client.close()


class RsyncTarget(Target):
    """ssh://user@host/path: rsync over SSH for the site's files, shell commands for the rest.

    rsync writes each file under a temporary name and renames it, and compares content by
    checksum (-c), so a fresh checkout with new timestamps uploads nothing that is the same.
    """

    def __init__(self, url, password=None):
        if shutil.which("rsync") is None:
            raise DeployError("Cần cài rsync để xuất bản qua ssh:// (apt-get install rsync). (rsync is missing.)")
        parts = urllib.parse.urlsplit(url)
        user = f"{parts.username}@" if parts.username else ""
        self.host, self.port, self.user = parts.hostname, parts.port or 22, parts.username
        self.login = f"{user}{parts.hostname}"
        self.root = f"{parts.path.rstrip('/')}/"
        # One SSH connection for the whole publish (OpenSSH's connection sharing): a publish
        # runs dozens of commands, and a new connection costs a key exchange each (~0.3 s).
        self.control = tempfile.mkdtemp(prefix="gn-ssh-")  # short: a socket path has ~100 bytes
        self.ssh = (
            f"ssh -p {self.port} -o BatchMode=yes -o ConnectTimeout=30"
            f" -o ControlMaster=auto -o ControlPath={shlex.quote(self.control)}/%C -o ControlPersist=60"
        )
        if os.environ.get("DEPLOY_SSH_KEY"):
            self.ssh += f" -i {shlex.quote(os.environ['DEPLOY_SSH_KEY'])}"
        if os.environ.get("DEPLOY_KNOWN_HOSTS"):
            self.ssh += f" -o UserKnownHostsFile={shlex.quote(os.environ['DEPLOY_KNOWN_HOSTS'])}"
        try:
            self.shell("true")  # fails now, with a plain message, if the host or the key is wrong
        except DeployError:
            shutil.rmtree(self.control, ignore_errors=True)
            raise

    def close(self):
        subprocess.run([*shlex.split(self.ssh), "-O", "exit", self.login], capture_output=True)
        shutil.rmtree(self.control, ignore_errors=True)
        super().close()

    def _run(self, command, **kwargs):
        result = subprocess.run(command, capture_output=True, **kwargs)
        if result.returncode:
            detail = result.stderr.decode("utf-8", "replace").strip()
            if "Permission denied (" in detail or "Host key verification failed" in detail:
                raise login_refused(self.host, self.user)
            if result.returncode == 255:  # ssh's own failure: the connection
                raise unreachable(self.host, self.port, detail)
            if "Permission denied" in detail or "Read-only file system" in detail:
                raise not_writable(self.host, self.root, detail)
            raise DeployError(f"rsync/ssh thất bại: {detail} (rsync/ssh failed.)")
        return result.stdout

    def shell(self, script, data=None):
        """Run a POSIX shell script in the target's folder."""
        prologue = f"mkdir -p {shlex.quote(self.root)} && cd {shlex.quote(self.root)} && "
        return self._run([*shlex.split(self.ssh), self.login, prologue + script], input=data)

    def read_bytes(self, relative):
        quoted = shlex.quote(relative)
        data = self.shell(f"if [ -f {quoted} ]; then printf y; cat {quoted}; fi")
        return data[1:] if data.startswith(b"y") else None

    def write_bytes(self, relative, data):
        quoted, temporary = shlex.quote(relative), shlex.quote(TEMPORARY_PREFIX + posixpath.basename(relative))
        folder = shlex.quote(posixpath.dirname(relative) or ".")
        self.shell(f"mkdir -p {folder} && cat > {folder}/{temporary} && mv -f {folder}/{temporary} {quoted}", data)

    def upload_many(self, local_root, paths, keep=None):
        """Send `paths` in one rsync run; copies of what they replace are made first, on the server."""
        if keep:
            self._pairs("cp -p", keep.items())
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(paths))
        try:
            self._run(
                [
                    "rsync",
                    "-rc",
                    "--chmod=F644,D755",
                    "-e",
                    self.ssh,
                    "--files-from",
                    listing.name,
                    f"{str(local_root).rstrip('/')}/",
                    f"{self.login}:{self.root}",
                ]
            )
        finally:
            os.unlink(listing.name)

    def upload(self, relative, local_path, keep_as=None):
        if keep_as:
            self._pairs("cp -p", [(relative, keep_as)])
        self._run(
            [
                "rsync",
                "-c",
                "--mkpath",
                "--chmod=F644",
                "-e",
                self.ssh,
                str(local_path),
                f"{self.login}:{self.root}{relative}",
            ]
        )

    def _pairs(self, command, pairs):
        lines = []
        for source, destination in pairs:
            folder = shlex.quote(posixpath.dirname(destination) or ".")
            lines.append(
                f"if [ -e {shlex.quote(source)} ]; then mkdir -p {folder} && "
                f"{command} {shlex.quote(source)} {shlex.quote(destination)}; fi"
            )
        if lines:
            self.shell("sh -e", ("set -e\n" + "\n".join(lines) + "\n").encode("utf-8"))

    def move_many(self, pairs):
        self._pairs("mv -f", pairs)

    def move(self, source, destination):
        self.move_many([(source, destination)])

    def delete_many(self, paths):
        if paths:
            self.shell("xargs -0 rm -f --", "\0".join(paths).encode("utf-8"))

    def delete(self, relative):
        self.delete_many([relative])

    def listdir(self, relative):
        quoted = shlex.quote(relative)
        listing = self.shell(f"if [ -d {quoted} ]; then ls -1A {quoted}; fi").decode("utf-8")
        return sorted(name for name in listing.splitlines() if name)

    def rmdir(self, relative):
        self.shell(f"rmdir {shlex.quote(relative)} 2>/dev/null || true")


def _plain(error):
    """An exception as words, for a message: its strerror or its text, never a URL."""
    if isinstance(error, OSError) and error.strerror:
        return errno.errorcode.get(error.errno, "") + " " + error.strerror if error.errno else error.strerror
    if isinstance(error, socket.timeout):
        return "hết thời gian chờ (timeout)"
    return str(error) or type(error).__name__


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
        f"Secret DEPLOY_URL “{secrets.redact(url)}” không hợp lệ: cần bắt đầu bằng ftp://, ftps://, sftp://, "
        f"ssh:// hoặc file://. (DEPLOY_URL has no known scheme.)"
    )
