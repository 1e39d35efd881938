"""What a target holds besides the site: the record of what is live, and earlier versions.

On the target, next to the site:
- `.deploy-manifest.json`: {"files": {path: sha256} of what is live, "versions": [ids, oldest
  first], and "deploying" or "rolling_back": the id of a run that has not finished}.
- `.deploy-history/<id>/version.json`: the files that were live before publish <id>, and
  beside it the old copy of each file that publish replaced or deleted (named by a hash of
  its path). That is all a rollback needs: unchanged files are still live.
The .htaccess refuses both to visitors; they hold nothing that was not public, but are not
pages.
"""

import dataclasses
import datetime
import hashlib
import json
import posixpath

from .manifest import ASSETS, FEEDS, MANIFEST_NAME, PAGES, describe_phases, phase_of

HISTORY = ".deploy-history"
VERSION_RECORD = "version.json"
KEEP_VERSIONS = 3  # publishes that can be undone, one after the other


@dataclasses.dataclass
class State:
    """The target's manifest: what is live, and the versions kept for rollback."""

    files: dict
    versions: list = dataclasses.field(default_factory=list)
    deploying: str | None = None
    rolling_back: str | None = None

    @classmethod
    def read(cls, target):
        data = target.read_bytes(MANIFEST_NAME)
        if data is None:
            return cls({})
        record = json.loads(data.decode("utf-8"))
        return cls(record["files"], record.get("versions", []), record.get("deploying"), record.get("rolling_back"))

    def write(self, target):
        record = {"files": self.files, "versions": self.versions}
        if self.deploying:
            record["deploying"] = self.deploying
        if self.rolling_back:
            record["rolling_back"] = self.rolling_back
        target.write_bytes(MANIFEST_NAME, json.dumps(record, sort_keys=True).encode("utf-8"))


def version_folder(version):
    return f"{HISTORY}/{version}"


def kept_name(version, path):
    """Where the old copy of `path` is kept: flat, one name per path."""
    return posixpath.join(version_folder(version), hashlib.sha256(path.encode("utf-8")).hexdigest()[:32])


def new_version_id(state, now=None):
    now = now or datetime.datetime.now(datetime.UTC)
    base = now.strftime("%Y%m%dT%H%M%SZ")
    version, count = base, 1
    while version in state.versions:
        count += 1
        version = f"{base}-{count}"
    return version


def begin(target, state):
    """Start a publish (or resume the unfinished one); return its version id and what it kept."""
    if state.deploying:
        version = state.deploying
    else:
        version = new_version_id(state)
        record = {"version": version, "files": state.files}
        target.write_bytes(
            posixpath.join(version_folder(version), VERSION_RECORD), json.dumps(record, sort_keys=True).encode("utf-8")
        )
        state.deploying = version
        state.versions.append(version)
        state.write(target)
    kept = {posixpath.join(version_folder(version), name) for name in target.listdir(version_folder(version))}
    return version, kept


def finish(target, state, keep_versions=KEEP_VERSIONS):
    """End a publish: forget the versions beyond the newest `keep_versions`."""
    state.deploying = None
    while len(state.versions) > keep_versions:
        forget(target, state.versions.pop(0))
    state.write(target)


def forget(target, version):
    folder = version_folder(version)
    target.delete_many([posixpath.join(folder, name) for name in target.listdir(folder)])
    target.rmdir(folder)


@dataclasses.dataclass
class RollbackPlan:
    version: str
    restores: list  # [(phase, path)], in the order they happen
    deletes: list  # paths the undone publish added

    def describe(self):
        return [
            f"Quay lại phiên bản trước lần xuất bản {self.version}. (Rolling back publish {self.version}.)",
            *describe_phases(
                "Khôi phục", "<", self.restores, "Xóa {} tệp mà lần xuất bản đó thêm vào (delete):", self.deletes
            ),
        ]


class NothingToRollBack(Exception):
    """No kept version on the target."""


class HistoryIncomplete(Exception):
    """Some file of the previous version is neither live nor kept."""

    def __init__(self, paths):
        super().__init__(paths)
        self.paths = paths


def plan_rollback(target, state):
    """What it takes to put back the version before the newest publish."""
    if not state.versions:
        raise NothingToRollBack()
    version = state.rolling_back or state.versions[-1]
    record = json.loads(target.read_bytes(posixpath.join(version_folder(version), VERSION_RECORD)).decode("utf-8"))
    previous = record["files"]
    if not previous:
        raise NothingToRollBack()  # the first publish: "before" is an empty site, never wanted
    kept = {posixpath.join(version_folder(version), name) for name in target.listdir(version_folder(version))}
    # A kept copy is restored even when the record says the file is already right: a publish
    # cut short moves the old copy aside before it writes the record.
    restore = [p for p in previous if kept_name(version, p) in kept]
    # Without a kept copy, a file that differs can only be one this rollback already restored.
    lost = [p for p in previous if state.files.get(p) != previous[p] and kept_name(version, p) not in kept]
    if lost and not state.rolling_back:
        raise HistoryIncomplete(sorted(lost))
    order = {ASSETS: 0, PAGES: 1, FEEDS: 2}
    restores = sorted(((phase_of(p), p) for p in restore), key=lambda item: (order[item[0]], item[1]))
    deletes = sorted(p for p in state.files if p not in previous)
    return RollbackPlan(version, restores, deletes), previous


def roll_back(target, state, say=print):
    """Put back the version before the newest publish, in the order of a publish."""
    plan, previous = plan_rollback(target, state)
    for line in plan.describe():
        say(line)
    state.rolling_back = plan.version
    state.write(target)
    for phase in (ASSETS, PAGES, FEEDS):
        paths = [path for p, path in plan.restores if p == phase]
        if paths:
            target.move_many([(kept_name(plan.version, path), path) for path in paths])
            state.files.update({path: previous[path] for path in paths})
            state.write(target)
    target.delete_many(plan.deletes)
    state.files = dict(previous)
    forget(target, plan.version)
    state.versions.remove(plan.version)
    state.rolling_back = state.deploying = None
    state.write(target)
    return plan
