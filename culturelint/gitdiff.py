"""``--from-ref REF``: report only findings on lines added or changed since a git ref, as reviewdog's
``filter_mode=added`` and semgrep's ``--baseline-commit`` do.

The working tree (staged and unstaged edits alike) is compared with REF by ``git diff -U0 REF``
with rename detection: a renamed file reports only its changed lines, a file absent from REF
(untracked, or added since) is wholly new, and a deleted line changes nothing that is left. A
finding is kept when any of its lines is new; the others are counted in one notice."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UserError
from .model import STDIN_NAME, Finding

HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
WHOLE = None  # a file wholly new since the ref


@dataclass
class Repository:
    root: Path
    ref: str
    changed: dict[str, set[int] | None] = field(default_factory=dict)  # path from root -> new lines
    at_ref: set[str] = field(default_factory=set)  # files that existed at the ref


def _git(root: Path | str, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", "-C", str(root), *args],
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise UserError(f"--from-ref needs git, which could not be run: {exc.strerror or exc}") from None


def _toplevel(folder: Path) -> Path | None:
    result = _git(folder, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        return None
    return Path(os.fsdecode(result.stdout.rstrip(b"\n")))


def open_repository(folder: Path, ref: str) -> Repository:
    """The lines changed since ``ref`` in the repository holding ``folder``; a folder outside any
    repository or a ref git does not know is a UserError (exit 2)."""
    root = _toplevel(folder)
    if root is None:
        raise UserError(f"--from-ref {ref}: {folder} is not in a git repository")
    if ref.startswith("-"):
        raise UserError(f"--from-ref {ref}: not a git ref")
    verified = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if verified.returncode != 0:
        raise UserError(f"--from-ref {ref}: unknown git ref in {root}")
    commit = verified.stdout.decode("ascii").strip()
    repo = Repository(root, commit)
    diff = _git(
        root,
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        commit,
        "--",
    )
    if diff.returncode != 0:
        raise UserError(f"--from-ref {ref}: git diff failed: {diff.stderr.decode(errors='replace').strip()}")
    repo.changed = parse_diff(diff.stdout)
    tree = _git(root, "ls-tree", "-r", "-z", "--name-only", commit)
    if tree.returncode != 0:
        raise UserError(f"--from-ref {ref}: git ls-tree failed: {tree.stderr.decode(errors='replace').strip()}")
    repo.at_ref = {os.fsdecode(name) for name in tree.stdout.split(b"\0") if name}
    return repo


def parse_diff(patch: bytes) -> dict[str, set[int] | None]:
    """For each file of a ``git diff -U0`` patch (by its new path): the line numbers added or
    changed, or None when the file is wholly new. A deleted file maps to None as well: if it is
    still on disk, it is untracked now, so every line of it is new."""
    changed: dict[str, set[int] | None] = {}
    block: dict[str, object] = {}

    def flush() -> None:
        source, target = block.get("source"), block.get("target")
        if block.get("deleted") and isinstance(source, str):
            changed[source] = WHOLE
        elif block.get("new") and isinstance(target, str):
            changed[target] = WHOLE
        elif isinstance(target, str):
            lines = block.get("lines")
            changed[target] = lines if isinstance(lines, set) else set()

    for line in patch.split(b"\n"):
        if line.startswith(b"diff --git "):
            flush()
            block = {"lines": set()}
        elif line.startswith(b"@@ "):
            block["hunks"] = True
            m = HUNK.match(line)
            lines = block.get("lines")
            if m and isinstance(lines, set):
                start, count = int(m.group(1)), int(m.group(2) or 1)
                lines.update(range(start, start + count))
        elif block.get("hunks"):
            continue  # a removed or added line, even one that reads like a header ("--- x")
        elif line.startswith(b"new file mode"):
            block["new"] = True
        elif line.startswith(b"deleted file mode"):
            block["deleted"] = True
        elif line.startswith((b"rename to ", b"copy to ")):
            block["target"] = _unquote(line.split(b" ", 2)[2])
        elif line.startswith(b"--- "):
            if line[4:] != b"/dev/null":
                block["source"] = _unquote(line[4:])[2:]  # "a/..."
        elif line.startswith(b"+++ "):
            if line[4:] == b"/dev/null":
                block["deleted"] = True
            else:
                block["target"] = _unquote(line[4:])[2:]  # "b/..."
    flush()
    return changed


ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


def _unquote(name: bytes) -> str:
    """A path as git prints it: C-quoted ("a/t\\tb.md", octal escapes for bytes) when it holds
    special characters; a trailing tab (git's end-of-name marker for names with spaces) dropped."""
    if not name.startswith(b'"'):
        return os.fsdecode(name.rstrip(b"\t"))
    out = bytearray()
    i = 1
    while i < len(name) and name[i : i + 1] != b'"':
        ch = name[i : i + 1]
        if ch == b"\\":
            nxt = name[i + 1 : i + 2]
            if nxt in ESCAPES:
                out.append(ESCAPES[nxt])
                i += 2
                continue
            if nxt.isdigit():
                out.append(int(name[i + 1 : i + 4], 8))
                i += 4
                continue
        out += ch
        i += 1
    return os.fsdecode(bytes(out))


def _lone_cr(path: Path) -> bool:
    try:
        return re.search(rb"\r(?!\n)", path.read_bytes()) is not None
    except OSError:
        return False


class ChangedLines:
    """Answers, for a finding, whether any of its lines was added or changed since the ref."""

    def __init__(self, ref: str, paths: Iterable[str]) -> None:
        self.ref = ref
        self.repos: dict[Path, Repository] = {}
        self._folders: dict[Path, Repository] = {}
        for path in paths:  # fail before checking anything: not a repository, unknown ref
            named = Path(path) if path not in ("-", STDIN_NAME) else Path(".")
            self._repository(named if named.is_dir() else named.parent)

    def _repository(self, folder: Path) -> Repository:
        folder = Path(os.path.realpath(folder if str(folder) else "."))
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        repo = self._folders.get(folder) or self._known(folder)
        if repo is None:
            root = _toplevel(folder)
            repo = self.repos.get(root) if root is not None else None
            if repo is None:
                repo = open_repository(folder, self.ref)
                self.repos[repo.root] = repo
            self._folders[folder] = repo
        return repo

    def _known(self, folder: Path) -> Repository | None:
        """The repository already open that holds ``folder`` with no nested one (a ``.git``)
        between them, found without running git again."""
        for root, repo in self.repos.items():
            real = Path(os.path.realpath(root))
            if folder == real or real in folder.parents:
                step = folder
                while step != real and not (step / ".git").exists():
                    step = step.parent
                if step == real:
                    self._folders[folder] = repo
                    return repo
        return None

    def lines(self, path: str) -> set[int] | None:
        """The new lines of ``path`` (None: every line is new)."""
        if path == STDIN_NAME:
            return WHOLE
        absolute = Path(os.path.realpath(os.path.dirname(os.path.abspath(path)))) / os.path.basename(path)
        repo = self._repository(absolute.parent)
        try:
            name = absolute.relative_to(os.path.realpath(repo.root)).as_posix()
        except ValueError:
            return WHOLE
        if name in repo.changed:
            lines = repo.changed[name]
            if lines and _lone_cr(absolute):  # git sees a CR-only file as one line: any change is all of it
                return WHOLE
            return lines
        return set() if name in repo.at_ref else WHOLE

    def keeps(self, finding: Finding) -> bool:
        lines = self.lines(finding.path)
        if lines is None:
            return True
        return any(n in lines for n in range(finding.line, max(finding.line, finding.end_line) + 1))


def only_changed(findings: list[Finding], changed: ChangedLines) -> tuple[list[Finding], str | None]:
    """The findings on lines new since the ref, and a notice counting the others (None if none)."""
    kept = [f for f in findings if changed.keeps(f)]
    dropped = len(findings) - len(kept)
    if not dropped:
        return kept, None
    return kept, (
        f"{dropped} finding(s) on lines unchanged since {changed.ref} not reported (--from-ref); "
        "run without --from-ref to see them"
    )
