"""Each misconfiguration of publishing gets a plain message naming the secret to fix, and
no password is ever printed or published."""

import subprocess

import pytest
from servers import (  # noqa: F401 (fixtures)
    FIXTURE_SITE,
    FTP_PASSWORD,
    FTP_USER,
    blocked,
    editable_copy,
    ftp_server,
    settings,
    site_files,
    ssh_server,
)

from giamngheo.editor.proxy import free_port as closed_port  # nothing listens there
from giamngheo.publishing import secrets
from giamngheo.publishing.publish import PublishBlocked, rollback


@pytest.mark.parametrize(
    "changes, secret",
    [
        ({"url": ""}, "DEPLOY_URL"),
        ({"siteurl": ""}, "SITEURL"),
        ({"siteurl": "giamngheo.example.vn"}, "SITEURL"),
        ({"url": "http://bientap:mat-khau-sai@example.vn/"}, "DEPLOY_URL"),
        ({"url": "ftp://bientap@127.0.0.1/"}, "DEPLOY_PASSWORD"),
        ({"url": "ftp://bientap:ngan@127.0.0.1/"}, "DEPLOY_PASSWORD/DEPLOY_URL"),
    ],
)
def test_missing_or_malformed_secrets_stop_before_the_build(tmp_path, changes, secret):
    values = {"siteurl": "https://example.org/giam-ngheo", "url": "ftp://bientap:mat-khau-dai@127.0.0.1/", **changes}
    message = blocked(tmp_path, settings(values["url"], siteurl=values["siteurl"]))
    assert secret in message and "Không xuất bản" in message
    assert not (tmp_path / "staging").exists()


def test_unreachable_host_names_deploy_url(tmp_path, capsys):
    message = blocked(tmp_path, settings(f"ftp://{FTP_USER}:{FTP_PASSWORD}@127.0.0.1:{closed_port()}/"), capsys=capsys)
    assert "Không kết nối được máy chủ 127.0.0.1" in message and "DEPLOY_URL" in message


def test_wrong_password_names_deploy_password(tmp_path, ftp_server, capsys):
    url, home = ftp_server
    wrong = url.replace(FTP_PASSWORD, "mat-khau-sai")
    message = blocked(tmp_path, settings(wrong), capsys=capsys)
    assert "từ chối đăng nhập" in message and "DEPLOY_PASSWORD" in message
    assert list(home.iterdir()) == []
    # The same with the password in its own secret.
    message = blocked(tmp_path, settings(url.replace(f":{FTP_PASSWORD}", ""), password="mat-khau-sai"), capsys=capsys)
    assert "DEPLOY_PASSWORD" in message


def test_no_write_permission_names_the_folder(tmp_path, ftp_server, capsys):
    url, _ = ftp_server
    read_only = url.replace(f"{FTP_USER}:", "chi-doc:")
    message = blocked(tmp_path, settings(read_only), capsys=capsys)
    assert "không có quyền ghi" in message and "DEPLOY_URL" in message


def test_a_key_the_server_does_not_know_names_the_secrets(tmp_path, ssh_server, monkeypatch):
    port, user = ssh_server
    stranger = tmp_path / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True)
    monkeypatch.setenv("DEPLOY_SSH_KEY", str(stranger))
    message = blocked(tmp_path, settings(f"ssh://{user}@127.0.0.1:{port}{tmp_path / 'remote'}"))
    assert "từ chối đăng nhập" in message and "DEPLOY_SSH_KEY" in message


def test_the_gate_refuses_a_site_that_holds_the_password(tmp_path, ftp_server, capsys):
    url, home = ftp_server
    content = editable_copy(tmp_path)
    page = content / "tin-tuc" / "a07.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nMật khẩu FTP là {FTP_PASSWORD}.\n", encoding="utf-8")
    message = blocked(tmp_path, settings(url), content=content, capsys=capsys)
    assert "Mật khẩu xuất bản" in message and "tin-tuc/2024/a07/index.html" in message
    assert list(home.iterdir()) == []


def test_rollback_without_a_kept_version_says_so(tmp_path):
    with pytest.raises(PublishBlocked, match="chưa lưu phiên bản"):
        rollback(settings(f"file://{tmp_path / 'remote'}"), say=print)


@pytest.mark.parametrize(
    "url, printed, found",
    [
        (
            "ftp://bientap:p%40ss-word@may-chu.vn:21/public_html/",
            "ftp://bientap:***@may-chu.vn:21/public_html/",
            ["khac-nua", "p@ss-word"],
        ),
        ("sftp://bientap@may-chu.vn/site", "sftp://bientap@may-chu.vn/site", ["khac-nua"]),
    ],
)
def test_redact_hides_the_password_in_deploy_url(url, printed, found):
    assert secrets.redact(url) == printed
    assert secrets.secret_values(url, "khac-nua") == found
