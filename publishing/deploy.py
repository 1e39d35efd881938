"""Incremental, ordered, resumable publication of a built site to DEPLOY_URL."""

import os

from .manifest import ASSETS, FEEDS, PAGES, local_manifest, make_plan
from .targets import open_target


def deploy(output, url, password=None, dry_run=False, say=print):
    """Publish `output` to `url`; return the plan that was (or, with dry_run, would be) run.

    Only files whose content changed are sent (compared by SHA-256 with the manifest kept on
    the target, never by timestamp). Assets, then pages, then feeds and the sitemap; files
    that are gone are deleted last. The manifest is updated after each phase, so a deploy that
    was interrupted can be run again and finishes the job without redoing finished phases.
    """
    local = local_manifest(output)
    target = open_target(url, password)
    try:
        remote = target.read_manifest()
        plan = make_plan(local, remote)
        for line in plan.describe():
            say(line)
        if dry_run or plan.empty:
            return plan
        state = dict(remote)
        for phase in (ASSETS, PAGES, FEEDS):
            paths = [path for p, path in plan.uploads if p == phase]
            if not paths:
                continue
            if hasattr(target, "upload_many"):
                target.upload_many(output, paths)
            else:
                for path in paths:
                    target.upload(path, os.path.join(output, path))
            state.update({path: local[path] for path in paths})
            target.write_manifest(state)
        if plan.deletes:
            if hasattr(target, "delete_many"):
                target.delete_many(output, plan.deletes)
            else:
                for path in plan.deletes:
                    target.delete(path)
            target.write_manifest(local)
        say(f"Đã xuất bản: {len(plan.uploads)} tệp tải lên, {len(plan.deletes)} tệp xóa. (Published.)")
        return plan
    finally:
        target.close()
