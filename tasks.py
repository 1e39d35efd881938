"""invoke tasks: build, preview, serve, livereload, editor-rehearsal, clean, test, new-article,
new-model, new-document, front-matter, check-content, sources, gate, publish, rollback, nginx-config."""

import os
import shlex
import shutil
import sys

from invoke import task

CONFIG = {
    "settings_base": "pelicanconf.py",  # development settings
    "settings_publish": "publishconf.py",  # production settings
    "deploy_path": "output",  # the built site
    "staging_path": "output.new",  # a build lands here and replaces output/ only if it succeeds
    "preview_path": ".preview",  # the live preview's pages and cache (never published)
    "host": "127.0.0.1",
    "port": 8000,
}


def _pelican(settings_file, output_path, extra=""):
    """Run Pelican in this process; return True if the build succeeded."""
    from pelican import main as pelican_main

    argv = ["-s", settings_file, "-o", output_path, *shlex.split(extra)]
    try:
        pelican_main(argv)
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)  # the list of content problems
        return not stop.code
    return True


def _build(settings_file, extra=""):
    """Build into a staging folder, then swap it in: a failed build leaves output/ as it was."""
    staging, target = CONFIG["staging_path"], CONFIG["deploy_path"]
    shutil.rmtree(staging, ignore_errors=True)
    if not _pelican(settings_file, staging, extra):
        shutil.rmtree(staging, ignore_errors=True)
        return False
    previous = f"{target}.old"
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.isdir(target):
        os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)
    return True


@task
def clean(c):
    """Remove the built site and Pelican's caches."""
    for path in (CONFIG["deploy_path"], CONFIG["staging_path"], "cache"):
        shutil.rmtree(path, ignore_errors=True)


@task(help={"extra": 'more Pelican options, e.g. "-e SITEURL=\'\\"https://x\\"\'"'})
def build(c, extra=""):
    """Build the site with development settings into output/."""
    if not _build(CONFIG["settings_base"], extra):
        sys.exit("Xây dựng trang thất bại: xem các lỗi ở trên. (Build failed.)")


@task(help={"extra": "more Pelican options"})
def preview(c, extra=""):
    """Build the site with production settings (publishconf.py) into output/."""
    if not _build(CONFIG["settings_publish"], extra):
        sys.exit("Xây dựng trang thất bại: xem các lỗi ở trên. (Build failed.)")


@task
def serve(c):
    """Serve output/ on http://127.0.0.1:8000 (no rebuilding)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    server = RootedHTTPServer(CONFIG["deploy_path"], (CONFIG["host"], CONFIG["port"]), ComplexHTTPRequestHandler)
    print(f"Đang phục vụ trang tại http://{CONFIG['host']}:{CONFIG['port']}/ (Ctrl+C để dừng)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(
    help={
        "port": "cổng của trang xem trước (8000)",
        "proxy_port": "cổng của proxy trình biên tập (8081, hoặc một cổng trống nếu 8081 đang bận)",
    }
)
def livereload(c, port=CONFIG["port"], proxy_port=0):
    """Build, serve on http://127.0.0.1:8000 and show every save in the browser within about
    a second (giamngheo/preview: fast path for an edit, full build otherwise, problems shown
    on the page); the editor at /admin/ saves into content/ through Decap's local proxy. The
    preview's pages live in .preview/, never in output/: they are never published."""
    from giamngheo.editor.proxy import available_proxy_port, local_proxy, proxy_backend
    from giamngheo.preview.server import serve as serve_preview

    proxy_port = int(proxy_port) or available_proxy_port()  # 8081, unless another `make serve` has it
    print(f"Trình biên tập: http://{CONFIG['host']}:{port}/admin/ (lưu thẳng vào content/).")
    with local_proxy(os.path.dirname(os.path.abspath(__file__)), proxy_port):
        serve_preview(
            CONFIG["settings_base"],
            CONFIG["host"],
            int(port),
            CONFIG["preview_path"],
            overrides={"EDITOR_BACKEND": proxy_backend(proxy_port)},  # config.yml points at the proxy
        )


@task(
    help={
        "port": "cổng của trình biên tập (mặc định: một cổng trống)",
        "proxy_port": "cổng của proxy (mặc định: trống)",
    }
)
def editor_rehearsal(c, port=0, proxy_port=0):
    """Rehearse the approval workflow (draft, in review, ready, published) in the editor, each
    step on this checkout's git branches (Decap's local proxy in git mode); nothing is pushed."""
    import tempfile

    from giamngheo.editor import rehearsal
    from giamngheo.editor.proxy import free_port, local_proxy

    root = os.path.dirname(os.path.abspath(__file__))
    try:
        branch = rehearsal.checkout_branch(root)
    except rehearsal.RehearsalError as problem:
        sys.exit(problem.args[0])
    problem = rehearsal.check_git_mode(root)
    if problem:
        sys.exit(problem)
    port, proxy_port = int(port) or free_port(), int(proxy_port) or free_port()
    output = tempfile.mkdtemp(prefix="dien-tap-")  # outside the checkout: never committed
    try:
        if not _pelican(CONFIG["settings_base"], output, rehearsal.pelican_options(proxy_port, branch)):
            sys.exit("Xây dựng trang thất bại: xem các lỗi ở trên. (Build failed.)")
        with local_proxy(root, proxy_port, mode="git"):
            start = rehearsal.head_commit(root)
            print(
                f"Diễn tập duyệt bài: mở http://{CONFIG['host']}:{port}/admin/ (Ctrl+C để dừng).\n"
                f"Mỗi bài là một nhánh cms/… của bản sao này; “Công bố” gộp bài vào nhánh {branch} "
                f"thành một commit. Không có gì được đẩy lên máy chủ. Trước khi diễn tập: commit {start}."
            )
            rehearsal.serve(output, CONFIG["host"], port)
    finally:
        shutil.rmtree(output, ignore_errors=True)


def _new_item_help(title, **more):
    """The help of a new-item task's options: its title's, the area's, the program's, `more`."""
    return {"title": title, "area": 'địa bàn, ví dụ "Xã Ninh Quới"', "program": 'chương trình, ví dụ "Dự án 2"', **more}


@task(help=_new_item_help("tiêu đề bài viết", category="Tin tức, Chính sách hoặc Gương thoát nghèo"))
def new_article(c, title, area="", program="", category="Tin tức"):
    """Create a ready-to-fill article in content/tin-tuc/<year>/ (a draft)."""
    _new("article", title, area=area, program=program, category=category)


@task(help=_new_item_help("tên mô hình", program="chương trình hoặc nguồn vốn", kind='loại hình, ví dụ "Chăn nuôi"'))
def new_model(c, title, area="", program="", kind=""):
    """Create a ready-to-fill model profile in content/mo-hinh/ (a draft)."""
    _new("model", title, area=area, program=program, kind=kind)


@task(help=_new_item_help("trích yếu văn bản"))
def new_document(c, title, area="", program=""):
    """Create a ready-to-fill document in content/van-ban/ (a draft)."""
    _new("document", title, area=area, program=program)


def _new(content_type, title, **fields):
    """Write a draft of a content type from the template it declares (`ContentType.new_item`)."""
    from giamngheo.authoring.new_content import new_content

    path, problems = new_content(content_type, title, **fields)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        sys.exit(1)
    print(f"Đã tạo {path}. Mở tệp, điền các ô rồi xóa dòng “Status: draft” khi bài sẵn sàng.")


@task(help={"paths": "tệp cần chuyển (mặc định: mọi tệp .md trong content/)"}, iterable=["paths"])
def front_matter(c, paths=None):
    """Rewrite content files in the editor's format (YAML front matter), changing no page."""
    import glob

    from giamngheo.core import read_site_settings
    from giamngheo.editor.convert import to_front_matter

    settings = read_site_settings(CONFIG["settings_base"])
    paths = paths or sorted(glob.glob(os.path.join(settings["PATH"], "**", "*.md"), recursive=True))
    changed = to_front_matter([os.path.abspath(path) for path in paths], settings)
    print(f"Đã chuyển {len(changed)} tệp sang dạng của trình biên tập. ({len(changed)} files rewritten.)")


@task
def check_content(c):
    """Check all content and list every problem (file, line, fix); non-zero exit if any."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        # The check needs the content, not a search index of a site that is thrown away.
        if _pelican(CONFIG["settings_publish"], scratch, "-e SEARCH_INDEX=false"):
            print("Nội dung không có lỗi nào. (No content problems.)")
            return
    sys.exit("Nội dung có lỗi: xem danh sách ở trên. (Content check failed.)")


@task
def sources(c):
    """Read every unit's feed (content/data/sources.yml) now; print how each answered."""
    from giamngheo.sources.check import check_sources, table

    outcomes, problems = check_sources(CONFIG["settings_base"])
    for problem in problems:
        print(problem, file=sys.stderr)
    print(table(outcomes))
    failed = [outcome for outcome in outcomes if outcome.failed]
    if problems or failed:
        sys.exit(f"{len(failed)} nguồn tin lỗi, {len(problems)} lỗi trong tệp dữ liệu. (Some sources failed.)")
    print(f"Mọi nguồn tin ({len(outcomes)}) đều đọc được. (Every source answered.)")


@task(help={"skip_tests": "bỏ qua bộ kiểm thử (chỉ khi vừa chạy xong ở bước trước của CI)"})
def gate(c, skip_tests=False):
    """Build with production settings into output/ and run the quality gate (no deploy)."""
    from giamngheo.publishing.publish import PublishBlocked, build_and_check, live_addresses_at
    from giamngheo.publishing.secrets import PublishSettings

    try:
        # GitHub Pages: the addresses the live site answers, read from it (addresses.json).
        known = os.environ.get("PUBLISHED_ADDRESSES_URL", "").strip()
        build_and_check(
            CONFIG["settings_publish"],
            CONFIG["staging_path"],
            PublishSettings.from_environment(),
            tests=not skip_tests,
            previous=live_addresses_at(known) if known else None,
        )
    except PublishBlocked as blocked:
        sys.exit(str(blocked))
    shutil.rmtree(CONFIG["deploy_path"], ignore_errors=True)
    os.rename(CONFIG["staging_path"], CONFIG["deploy_path"])
    print("Trang đã qua kiểm tra chất lượng, sẵn sàng trong output/. (Quality gate passed.)")


@task(
    help={
        "dry_run": "in ra những gì sẽ tải lên và xóa, không thay đổi gì",
        "skip_tests": "bỏ qua bộ kiểm thử (chỉ khi vừa chạy xong ở bước trước của CI)",
    }
)
def publish(c, dry_run=False, skip_tests=False):
    """Build with production settings, pass the quality gate, deploy to DEPLOY_URL."""
    from giamngheo.publishing.publish import PublishBlocked
    from giamngheo.publishing.publish import publish as run_publish
    from giamngheo.publishing.secrets import PublishSettings

    try:
        run_publish(
            CONFIG["settings_publish"],
            CONFIG["staging_path"],
            PublishSettings.from_environment(),
            dry_run=dry_run,
            tests=not skip_tests,
        )
    except PublishBlocked as blocked:
        sys.exit(str(blocked))


@task
def rollback(c):
    """Put back on DEPLOY_URL the version that was live before the newest publish."""
    from giamngheo.publishing.publish import PublishBlocked
    from giamngheo.publishing.publish import rollback as run_rollback
    from giamngheo.publishing.secrets import PublishSettings

    try:
        run_rollback(PublishSettings.from_environment())
    except PublishBlocked as blocked:
        sys.exit(str(blocked))


@task(
    help={
        "output": "trang đã xây dựng (mặc định output/; sau invoke publish: output.new/)",
        "root": "thư mục chứa các tệp của trang trên máy chủ (mặc định: output)",
        "listen": "cổng hoặc địa chỉ:cổng nginx nghe (mặc định 80)",
        "server_name": "tên miền (mặc định _)",
        "to": "tệp sẽ ghi (mặc định nginx-giamngheo.conf)",
    }
)
def nginx_config(c, output=CONFIG["deploy_path"], root="", listen="80", server_name="_", to="nginx-giamngheo.conf"):
    """Write the nginx server block of a production build: the same rules as its .htaccess."""
    from giamngheo.core import read_site_settings
    from giamngheo.policy.hosting import nginx_config as server_block

    if not os.path.isfile(os.path.join(output, "addresses.json")):
        sys.exit(f"Chưa có trang đã xây dựng ở {output}/: chạy SITEURL=… invoke preview trước. (No build.)")
    settings = read_site_settings(CONFIG["settings_publish"])
    with open(to, "w", encoding="utf-8") as target:
        target.write(server_block(settings, output, root or os.path.abspath(output), listen, server_name))
    print(f"Đã ghi {to}: chép vào /etc/nginx/sites-available/, bật rồi chạy nginx -t && systemctl reload nginx.")


@task(help={"args": 'arguments for pytest, e.g. "-k taxonomy -x"'})
def test(c, args=""):
    """Run the whole test suite."""
    # The site's own byte code, written once (quick when it is up to date), so that the
    # Python processes the tests start (workers, builds, invoke, pelican) read it where PYTHONDONTWRITEBYTECODE
    # (set in many CI images and on our machines) keeps each from writing it.
    c.run(f"{sys.executable} -m compileall -q giamngheo tests tasks.py pelicanconf.py publishconf.py", pty=False)
    c.run(f"{sys.executable} -m pytest {args}", pty=False)
