"""Real web servers for the tests: Debian's Apache 2.4 (with `AllowOverride All`, as cPanel
shared hosting runs it) and Debian's nginx (with the server block `invoke nginx-config`
writes), each started on 127.0.0.1 on a free port over a built site, and stopped after.

Run as root (a developer's container, CI), the servers' workers run as www-data, so the
site's folder must be readable by others: `served_folder` makes one. Run as anyone else,
they run as that user.
"""

import http.client
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse

from browser import need
from conftest import free_port

APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
NGINX = "/usr/sbin/nginx"
# What a cPanel account's Apache has loaded (the .htaccess asks for no more).
APACHE_LOADS = (
    "mpm_event",
    "authz_core",
    "authz_host",
    "mime",
    "dir",
    "alias",
    "headers",
    "expires",
    "filter",
    "deflate",
    "rewrite",
    "autoindex",
    "setenvif",
)
WORKER = "www-data"  # the servers' workers when started as root (Debian's web user)


def served_folder(prefix="hosting-"):
    """A new folder the servers' workers can read (pytest's own are readable by the owner only)."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def _wait(port, process, log):
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace') if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not answer")


class Server:
    """A server started on 127.0.0.1; `get(address)` answers as a client sees it."""

    prefix = ""

    def __init__(self, root, prefix="", port=None):
        self.root, self.prefix = pathlib.Path(root), prefix.rstrip("/")
        self.home = pathlib.Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def get(self, address, gzip=False, full=False):
        """(status, headers, body bytes) of `address` (relative to the site, or a full path
        with `full`), never following a redirect."""
        path = address if full else f"{self.prefix}/{address}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Accept-Encoding": "gzip"} if gzip else {}
            connection.request("GET", urllib.parse.quote(path, safe="/?=&%"), headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)

    def log(self):
        path = self.home / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


class Apache(Server):
    """Debian's Apache 2.4 serving `root` at `prefix`: the folder is the document root, or
    for a sub-path the folder of that name inside it (`root` must then end with it), with
    the `.htaccess` files of the site read as cPanel reads them (`AllowOverride All`)."""

    name = "apache"

    def start(self):
        need(os.path.exists(APACHE), "apache2 (Debian)")
        document_root = self.root
        for _ in filter(None, self.prefix.split("/")):
            document_root = document_root.parent
        loads = [f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in APACHE_LOADS]
        user = [f"User {WORKER}", f"Group {WORKER}"] if os.geteuid() == 0 else []
        config = self.home / "apache2.conf"
        config.write_text(
            "\n".join(
                [
                    *loads,
                    f'ServerRoot "{self.home}"',
                    f'DefaultRuntimeDir "{self.home}"',
                    f'PidFile "{self.home}/apache2.pid"',
                    f'ErrorLog "{self.home}/error.log"',
                    "LogLevel warn",
                    f"Listen 127.0.0.1:{self.port}",
                    "ServerName 127.0.0.1",
                    *user,
                    "TypesConfig /etc/mime.types",
                    "AccessFileName .htaccess",
                    "<Directory />",
                    "  AllowOverride None",
                    "  Require all denied",
                    "</Directory>",
                    f'DocumentRoot "{document_root}"',
                    f'<Directory "{document_root}">',
                    "  Options FollowSymLinks",
                    "  AllowOverride All",
                    "  Require all granted",
                    "</Directory>",
                    '<FilesMatch "^\\.ht">',
                    "  Require all denied",
                    "</FilesMatch>",
                    "",
                ]
            )
        )
        check = subprocess.run([APACHE, "-t", "-f", str(config)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(
            [APACHE, "-f", str(config), "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        _wait(self.port, self.process, self.home / "error.log")
        return self


class Nginx(Server):
    """Debian's nginx with one site: the server block `nginx_config(listen)` returns (the
    text `invoke nginx-config` writes), inside Debian's own nginx.conf http settings."""

    name = "nginx"

    def __init__(self, root, prefix="", port=None, server_block=None):
        super().__init__(root, prefix, port)
        self.server_block = server_block

    def start(self):
        need(os.path.exists(NGINX), "nginx (Debian)")
        user = [f"user {WORKER};"] if os.geteuid() == 0 else []
        site = self.home / "site.conf"
        site.write_text(self.server_block(f"127.0.0.1:{self.port}"))
        config = self.home / "nginx.conf"
        config.write_text(
            "\n".join(
                [
                    *user,
                    "daemon off;",
                    "worker_processes 1;",
                    f"pid {self.home}/nginx.pid;",
                    f"error_log {self.home}/error.log warn;",
                    "events { worker_connections 64; }",
                    "http {",
                    "  include /etc/nginx/mime.types;",
                    "  default_type application/octet-stream;",
                    "  sendfile on;",
                    "  access_log off;",
                    f"  client_body_temp_path {self.home}/body;",
                    f"  proxy_temp_path {self.home}/proxy;",
                    f"  fastcgi_temp_path {self.home}/fastcgi;",
                    f"  uwsgi_temp_path {self.home}/uwsgi;",
                    f"  scgi_temp_path {self.home}/scgi;",
                    f"  include {site};",
                    "}",
                    "",
                ]
            )
        )
        check = subprocess.run(
            [NGINX, "-t", "-c", str(config), "-e", str(self.home / "error.log")], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr + site.read_text()
        self.process = subprocess.Popen(
            [NGINX, "-c", str(config), "-e", str(self.home / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        _wait(self.port, self.process, self.home / "error.log")
        return self
