"""Which files a run checks and which config it reads: .gitignore (nested and inherited), config
``exclude``, ``[tool.culturelint]`` in pyproject.toml; and the lemma cache, cold and warm."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from culturelint.cli import main
from culturelint.config import find_config, load_config
from culturelint.discovery import expand


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_gitignore_nested_and_inherited_and_config_exclude(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".gitignore": "drafts/private/\n*.tmp.md\n",
            "copy/.gitignore": "old-*.md\n!old-keep.md\n",
            "copy/post.md": "x",
            "copy/old-1.md": "x",
            "copy/old-keep.md": "x",
            "copy/a.tmp.md": "x",
            "drafts/private/secret.md": "x",
            "drafts/public.md": "x",
            "archive/2019/post.md": "x",
            "node_modules/pkg/readme.md": "x",
            "copy/data.json": "{}",
        },
    )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        found = sorted(Path(p).as_posix() for p in expand(["."], ("archive/**",)))
        inside = sorted(Path(p).as_posix() for p in expand(["copy"], ()))
    finally:
        os.chdir(cwd)
    assert found == ["copy/old-keep.md", "copy/post.md", "drafts/public.md"]
    assert inside == ["copy/old-keep.md", "copy/post.md"]  # the root .gitignore still applies


def test_config_from_pyproject(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "site"\n\n[tool.culturelint]\nfail_on = "warning"\n'
            'ignore = ["gesture"]\n\n[tool.culturelint.markets]\n"copy/jp/*" = "ja-JP"\n',
            "copy/jp/post.md": "お歳暮に4品の詰め合わせを贈りませんか。\n",
        },
    )
    path = find_config(tmp_path / "copy" / "jp")
    assert path == tmp_path / "pyproject.toml"
    config = load_config(path)
    assert config.fail_on == "warning" and config.ignore == ("gesture",)
    assert config.markets == [("copy/jp/*", ("ja-JP",))]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["check", "copy", "--format", "json"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.output
    assert '"ja-jp.number.four-formal-gift"' in result.output


def test_lemma_cache_cold_then_warm(tmp_path: Path, monkeypatch) -> None:
    from culturelint.kinds import lemmas

    monkeypatch.setenv("CULTURELINT_CACHE_DIR", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    cold = lemmas.inflections("es", {"regalar"})
    files = list(tmp_path.glob("lemmas-es-*.json"))
    assert len(files) == 1 and "regalamos" in cold["regalar"]
    calls: list[str] = []
    monkeypatch.setattr(lemmas, "_forms_from_tables", lambda *a: calls.append("tables") or {})
    warm = lemmas.inflections("es", {"regalar"})
    assert warm == cold and calls == []  # read from the cache file, not from the tables
    files[0].write_text("{not json", encoding="utf-8")  # a corrupt entry is rebuilt, not a crash
    monkeypatch.undo()
    monkeypatch.setenv("CULTURELINT_CACHE_DIR", str(tmp_path))
    assert lemmas.inflections("es", {"regalar"}) == cold
