"""The publish pipelines run as CI runs them: their own shell lines, from the YAML, in a
fresh clone, with the secrets set and real targets on 127.0.0.1."""

import json
import shutil
import subprocess

import pytest
from browser import SiteServer
from conftest import ROOT
from pipelines import GithubJob, GitlabPipeline, Unsupported, evaluate
from servers import FTP_PASSWORD, FTP_USER, ftp_server, site_files  # noqa: F401 (fixtures)

from giamngheo.publishing.history import HISTORY

PUBLISH_WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A fresh clone of the repository, with the working tree's uncommitted changes."""
    folder = tmp_path_factory.mktemp("ci") / "checkout"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    changes = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, capture_output=True, check=True).stdout
    if changes:
        subprocess.run(["git", "apply", "--whitespace=nowarn"], cwd=folder, input=changes, check=True)
    return folder


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The live site's host, as GitHub Pages or GitLab Pages serve it (files only, no
    .htaccess), under a path (/trang): its address is every publish's SITEURL, so that the
    checkout's caches (Pelican's, the gate's) serve each run what an earlier one built, as
    they do between CI's runs."""
    folder = tmp_path_factory.mktemp("live")
    with SiteServer(folder, prefix="/trang") as host:
        yield host, folder


def published(home, siteurl):
    files = site_files(home)
    assert "index.html" in files and "feeds/tat-ca.rss.xml" in files
    assert f'href="{siteurl}/'.encode() in files["index.html"]
    assert f"<link>{siteurl}/".encode() in files["feeds/tat-ca.rss.xml"]
    return files


def no_secret_anywhere(log, *folders, secret=FTP_PASSWORD):
    assert secret not in "\n".join(log)
    for folder in folders:
        assert not [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def run_github(checkout, secrets, **kwargs):
    code, log = GithubJob(PUBLISH_WORKFLOW, "publish").run(checkout, secrets, **kwargs)
    assert code == 0, "\n".join(log)[-4000:]
    return log


def test_run_steps_carry_no_expressions():
    """What `run:` executes is exactly what is written; values come in through `env:`."""
    for step in GithubJob(PUBLISH_WORKFLOW, "publish").job["steps"]:
        assert "${{" not in step.get("run", "")


def test_github_publishes_to_a_folder_then_to_ftp_and_rolls_back(checkout, tmp_path, ftp_server, live):
    folder, siteurl = tmp_path / "host", live[0].url
    log = run_github(checkout, {"SITEURL": siteurl, "DEPLOY_URL": f"file://{folder}"})
    published(folder, siteurl)
    assert any("Đã xuất bản" in entry for entry in log)

    url, home = ftp_server
    secrets = {"SITEURL": siteurl, "DEPLOY_URL": url.replace(f":{FTP_PASSWORD}", ""), "DEPLOY_PASSWORD": FTP_PASSWORD}
    log = run_github(checkout, secrets)
    first = published(home, siteurl)
    no_secret_anywhere(log, home, checkout / "output")

    # A new commit, published by the hourly run, then undone by hand (workflow_dispatch).
    article = next((checkout / "content" / "tin-tuc").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nMột đoạn mới.\n", encoding="utf-8")
    log += run_github(checkout, secrets, event="schedule")
    assert site_files(home) != first
    log += run_github(checkout, secrets, event="workflow_dispatch", inputs={"action": "rollback"})
    assert site_files(home) == first
    assert any("Đã quay lại" in entry for entry in log)
    no_secret_anywhere(log, home, checkout / "output")
    subprocess.run(["git", "checkout", "--", str(article)], cwd=checkout, check=True)


def test_github_says_which_secret_is_missing(checkout):
    code, log = GithubJob(PUBLISH_WORKFLOW, "publish").run(checkout, {"DEPLOY_URL": "ftp://bientap@127.0.0.1:1/"})
    assert code and "SITEURL" in log[-1] and "DEPLOY_PASSWORD" in log[-1]


@pytest.mark.parametrize(
    "variables, jobs",
    [
        ({"CI_PIPELINE_SOURCE": "push", "DEPLOY_URL": "ftp://x@h/"}, {"test", "publish"}),
        ({"CI_PIPELINE_SOURCE": "schedule", "DEPLOY_URL": "ftp://x@h/"}, {"publish"}),
        ({"CI_PIPELINE_SOURCE": "push"}, {"test", "pages"}),
        ({"CI_PIPELINE_SOURCE": "push", "DEPLOY_URL": ""}, {"test", "pages"}),
        ({"CI_PIPELINE_SOURCE": "web", "ACTION": "rollback", "DEPLOY_URL": "ftp://x@h/"}, {"publish"}),
        ({"CI_PIPELINE_SOURCE": "web", "ACTION": "rollback"}, set()),
        ({"CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_BRANCH": "sua-bai"}, {"test"}),
    ],
)
def test_gitlab_runs_the_right_jobs(variables, jobs):
    pipeline = GitlabPipeline(GITLAB)
    variables = {"CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BRANCH": "main", **variables}
    assert {name for name in pipeline.job_names if pipeline.runs(name, variables)} == jobs


def test_gitlab_publishes_to_ftp_and_to_pages(checkout, ftp_server, live):
    pipeline = GitlabPipeline(GITLAB)
    url, home = ftp_server
    siteurl = live[0].url
    variables = {"SITEURL": siteurl, "DEPLOY_URL": url, "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BRANCH": "main"}
    code, log = pipeline.run("publish", checkout, variables)
    assert code == 0, "\n".join(log)[-4000:]
    published(home, siteurl)
    no_secret_anywhere(log, home, checkout / "output")
    assert (home / HISTORY).is_dir()


RENAMED = "content/tin-tuc/2025/do-dau-ho-ngheo-moi-co-quan-mot-dia-chi.md"


def go_live(site, live):
    """What Pages does with the job's folder: the live site becomes exactly it."""
    shutil.rmtree(live)
    shutil.copytree(site, live)


def test_pages_read_the_live_addresses_so_a_rename_leaves_a_redirect_page(checkout, live):
    """GitHub Pages and GitLab Pages have no target to read the address list from, so the
    workflows read it from the live site (SITEURL/addresses.json) by default: a first publish
    finds none and goes on (GitLab here), the next one leaves a redirect page at a renamed
    item's old address (GitHub here, on the site GitLab published)."""
    host, live = live
    shutil.rmtree(live)  # nothing is live yet
    live.mkdir()
    shutil.rmtree(checkout / "public", ignore_errors=True)
    pages = {"CI_PAGES_URL": host.url, "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BRANCH": "main"}
    code, log = GitlabPipeline(GITLAB).run("pages", checkout, pages)
    assert code == 0, "\n".join(log)[-4000:]
    assert f"Chưa có danh sách địa chỉ ở {host.url}/addresses.json" in log[-1]  # read, and a 404
    first = published(checkout / "public", host.url)
    go_live(checkout / "public", live)

    ledger = json.loads(first["addresses.json"])["addresses"]
    source = RENAMED.removeprefix("content/")
    [old] = [address for address, record in ledger.items() if record.get("source") == source]
    renamed = checkout / RENAMED.replace("do-dau-ho-ngheo", "do-dau-ho-ngheo-2025")
    (checkout / RENAMED).rename(renamed)
    try:
        log = run_github(checkout, {"SITEURL": host.url})  # no DEPLOY_URL: GitHub Pages
    finally:
        renamed.rename(checkout / RENAMED)
    new = f"{host.url}/{old.replace('do-dau-ho-ngheo', 'do-dau-ho-ngheo-2025')}"
    redirect = (checkout / "output" / old / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{new}">' in redirect and 'http-equiv="refresh"' in redirect
    moved = json.loads((checkout / "output" / "addresses.json").read_text(encoding="utf-8"))["addresses"][old]
    assert moved["status"] == "moved" and new.endswith(moved["to"])
    assert any(old in entry and "301" in entry for entry in log)  # the run's log names it


@pytest.mark.parametrize(
    "expression, expected",
    [
        ("steps.target.outputs.target == 'url' && env.ACTION == 'publish'", True),
        ("steps.target.outputs.target == 'pages' || env.ACTION != 'publish'", False),
        ("inputs.action || 'publish'", "publish"),
        ('($DEPLOY_URL == null || $DEPLOY_URL == "") && $ACTION == "publish"', False),
    ],
)
def test_the_condition_reader(expression, expected):
    values = {
        "steps.target.outputs.target": "url",
        "env.ACTION": "publish",
        "inputs.action": "",
        "$DEPLOY_URL": "ftp://h/",
        "$ACTION": "publish",
    }
    assert evaluate(expression, values.get) == expected
    with pytest.raises(Unsupported):
        evaluate("contains(github.ref, 'main')", values.get)
