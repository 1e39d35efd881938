"""Incremental, ordered, resumable and undoable publication of a built site to DEPLOY_URL."""

from . import history
from .manifest import ASSETS, FEEDS, PAGES, local_manifest, make_plan
from .targets import DeployError, open_target

UNKNOWN = ""  # the manifest's hash of a file that may be on the target, content unknown


def deploy(output, url, password=None, dry_run=False, say=print, keep_versions=history.KEEP_VERSIONS):
    """Publish `output` to `url`; return the plan that was (or, with dry_run, would be) run.

    Only files whose content changed are sent (compared by SHA-256 with the manifest kept on
    the target, never by timestamp). Assets, then pages, then feeds and the sitemap; files
    that are gone are removed last. The files a publish replaces or removes are moved aside
    on the target, so that `rollback` can put the previous version back. The manifest is
    updated after each phase, so a deploy that was interrupted can be run again and finishes
    the job without redoing finished phases.
    """
    local = local_manifest(output)
    with open_target(url, password) as target:
        state = history.State.read(target)
        if state.rolling_back:
            raise DeployError(
                "Lần quay lại phiên bản trước chưa xong: chạy lại “invoke rollback” trước khi xuất bản. "
                "(An unfinished rollback: run it again first.)"
            )
        plan = make_plan(local, state.files)
        for line in plan.describe():
            say(line)
        if dry_run or (plan.empty and not state.deploying):
            return plan
        version, kept = history.begin(target, state)

        def keep(paths):
            """Where to move the live copies of `paths`: those live now and not moved yet."""
            names = {path: history.kept_name(version, path) for path in paths if state.files.get(path, UNKNOWN)}
            return {path: name for path, name in names.items() if name not in kept}

        for phase in (ASSETS, PAGES, FEEDS):
            paths = [path for p, path in plan.uploads if p == phase]
            if paths:
                new = {path: UNKNOWN for path in paths if path not in state.files}
                if new:  # recorded first, so that a rollback after a cut removes them too
                    state.files.update(new)
                    state.write(target)
                target.upload_many(output, paths, keep(paths))
                state.files.update({path: local[path] for path in paths})
                state.write(target)
        if plan.deletes:
            target.move_many(list(keep(plan.deletes).items()))
            state.files = dict(local)
        history.finish(target, state, keep_versions)
        say(f"Đã xuất bản: {len(plan.uploads)} tệp tải lên, {len(plan.deletes)} tệp xóa. (Published.)")
        return plan


def rollback(url, password=None, say=print):
    """Put back, on the target, the version that was live before the newest publish."""
    with open_target(url, password) as target:
        state = history.State.read(target)
        try:
            plan = history.roll_back(target, state, say=say)
        except history.NothingToRollBack:
            raise DeployError(
                "Nơi xuất bản chưa lưu phiên bản nào để quay lại (chỉ các lần xuất bản từ nay về sau mới quay lại "
                "được). (No earlier version is kept on the target.)"
            ) from None
        except history.HistoryIncomplete as error:
            raise DeployError(
                f"Không quay lại được: {len(error.paths)} tệp của phiên bản trước không còn trên máy chủ "
                f"(ví dụ {error.paths[0]}). Hãy xuất bản lại bản đúng từ kho mã. (The previous version is incomplete.)"
            ) from None
        say(f"Đã quay lại: {len(plan.restores)} tệp khôi phục, {len(plan.deletes)} tệp xóa. (Rolled back.)")
        return plan
