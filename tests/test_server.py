"""The warm server (start, stop, status, restart, stale files, fallback) and the LSP server."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "fixtures" / "en-GB" / "royal-tea.md"


def _env(cache_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CULTURELINT_CACHE_DIR=str(cache_dir), **extra)
    env.pop("CULTURELINT_NO_CACHE", None)
    env.pop("CULTURELINT_SERVER", None)
    return env


def cli(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "culturelint", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        input=stdin,
        timeout=300,
        check=False,
    )


@pytest.fixture
def cache_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "c"
    folder.mkdir()
    yield folder
    cli(["server", "stop"], _env(folder))  # never leave a server behind


def test_server_lifecycle_and_identical_answers(cache_dir: Path) -> None:
    env = _env(cache_dir)
    assert cli(["server", "status"], env).returncode == 1
    started = cli(["server", "start"], env)
    assert started.returncode == 0, started.stderr
    assert "running" in started.stdout
    status = cli(["server", "status"], env)
    assert status.returncode == 0 and "0 checks" in status.stdout
    args = ["check", "--no-config", "--no-cache", "-f", "json", "--date", "2026-11-05", str(DRAFT)]
    through = cli(args, env)
    local = cli([*args, "--no-server"], env)
    assert through.returncode == local.returncode == 1
    assert json.loads(through.stdout) == json.loads(local.stdout)
    assert json.loads(through.stdout)["findings"]
    assert "1 checks" in cli(["server", "status"], env).stdout  # it was the server that answered
    text = DRAFT.read_text(encoding="utf-8")
    piped = cli(["check", "--no-config", "-m", "en-GB", "-f", "json", "-"], env, stdin=text)
    piped_local = cli(["check", "--no-config", "-m", "en-GB", "-f", "json", "--no-server", "-"], env, stdin=text)
    assert json.loads(piped.stdout) == json.loads(piped_local.stdout)
    assert "2 checks" in cli(["server", "status"], env).stdout
    bad = cli(["check", "--no-config", "-m", "xx-NOPE", str(DRAFT)], env)  # a usage error answers as at home
    bad_local = cli(["check", "--no-config", "-m", "xx-NOPE", "--no-server", str(DRAFT)], env)
    assert (bad.returncode, bad.stderr) == (bad_local.returncode, bad_local.stderr)
    restarted = cli(["server", "restart"], env)
    assert restarted.returncode == 0 and "running" in restarted.stdout
    assert "0 checks" in cli(["server", "status"], env).stdout
    stopped = cli(["server", "stop"], env)
    assert "stopped" in stopped.stdout
    assert cli(["server", "status"], env).returncode == 1
    assert "not running" in cli(["server", "stop"], env).stdout


def test_stale_socket_and_dead_pid_fall_back_silently(cache_dir: Path) -> None:
    env = _env(cache_dir)
    (cache_dir / "server.sock").write_text("not a socket")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (cache_dir / "server.pid").write_text(str(dead.pid))
    args = ["check", "--no-config", "--no-cache", "-f", "json", "--date", "2026-11-05", str(DRAFT)]
    fallback = cli(args, env)
    local = cli([*args, "--no-server"], env)
    assert fallback.returncode == local.returncode == 1
    assert fallback.stderr == local.stderr  # silently
    assert json.loads(fallback.stdout) == json.loads(local.stdout)
    started = cli(["server", "start"], env)  # the stale files are cleaned up
    assert started.returncode == 0, started.stderr
    assert (cache_dir / "server.pid").read_text().strip() != str(dead.pid)
    assert cli(["server", "status"], env).returncode == 0


def test_another_installation_is_not_answered_for(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = _env(cache_dir)
    assert cli(["server", "start"], env).returncode == 0
    monkeypatch.setenv("CULTURELINT_CACHE_DIR", str(cache_dir))
    from culturelint import server

    request = {"op": "check", "identity": dict(server.identity(), version="0.0.0-other"), "params": {}}
    answer = server.call(request)
    assert answer is not None and not answer["ok"] and "culturelint server restart" in answer["reason"]
    monkeypatch.setattr(server, "identity", lambda: {"version": "0.0.0-other", "package": "x", "python": "y"})
    assert server.check_through_server({"paths": (str(DRAFT),), "colour": False}, start=False) is None


def test_server_flag_starts_the_server(cache_dir: Path) -> None:
    env = _env(cache_dir)
    result = cli(["check", "--no-config", "--server", str(DRAFT)], env)
    assert result.returncode == 1, result.stderr
    assert cli(["server", "status"], env).returncode == 0


# ---------------------------------------------------------------- LSP


class Lsp:
    """A client speaking JSON-RPC with Content-Length framing to `culturelint lsp` over pipes."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "culturelint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length)))

    def send(self, method: str, params: dict[str, Any], request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return ident

    def wait(self, match: Any, timeout: float = 180) -> dict[str, Any]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                message = self.messages.get(timeout=max(deadline - time.time(), 0.1))
            except queue.Empty:
                break
            if match(message):
                return message
        raise AssertionError("no matching LSP message")


def test_lsp_publishes_diagnostics_on_open_change_and_save(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    text = DRAFT.read_text(encoding="utf-8")
    draft.write_text(text, encoding="utf-8")
    uri = draft.as_uri()
    client = Lsp(_env(tmp_path / "c"))
    try:
        ident = client.send("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}, True)
        init = client.wait(lambda m: m.get("id") == ident)
        assert init["result"]["serverInfo"]["name"] == "culturelint"
        client.send("initialized", {})

        def diagnostics_for(version: int) -> list[dict[str, Any]]:
            message = client.wait(
                lambda m: (
                    m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri
                    and m["params"].get("version") == version
                )
            )
            return message["params"]["diagnostics"]  # type: ignore[no-any-return]

        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        opened = diagnostics_for(1)
        assert opened and all(d["source"] == "culturelint" for d in opened)
        assert any(d["code"].startswith("en-gb.") and d["severity"] == 1 for d in opened)
        lines = text.split("\n")
        spans = [
            lines[d["range"]["start"]["line"]][d["range"]["start"]["character"] : d["range"]["end"]["character"]]
            for d in opened
            if d["range"]["start"]["line"] == d["range"]["end"]["line"]
        ]
        assert any("King" in span for span in spans), spans

        harmless = "---\nmarket: en-GB\n---\nA pot of breakfast tea, blended in Kent.\n"
        client.send(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": harmless}]},
        )
        assert diagnostics_for(2) == []
        client.send(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]},
        )
        assert len(diagnostics_for(3)) == len(opened)
        client.send("textDocument/didSave", {"textDocument": {"uri": uri}})
        saved = client.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        )
        assert len(saved["params"]["diagnostics"]) == len(opened)
        ident = client.send("shutdown", {}, True)
        client.wait(lambda m: m.get("id") == ident)
        client.send("exit", {})
        assert client.proc.wait(timeout=30) == 0
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
            client.proc.wait()
