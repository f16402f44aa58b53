"""A warm server for hooks and editors, as dmypy and eslint_d do: one background process keeps the
pack set, spaCy and the tokenizers loaded, and ``culturelint check`` hands it the parsed command line
over a Unix socket in the cache folder. The answer (stdout, stderr, exit code) is the one the
command gives on its own; when no server answers, the command runs itself, silently.

A server started from another culturelint (another version, another checkout, another Python)
does not answer: the command falls back and says ``culturelint server restart``. Edited packs need
no restart: every request re-keys the pack set by the packs' content (``packs.loader``).

The socket and pid file are the user's own (mode 0600 in the user's cache folder); requests are
pickled, as the cache's entries are: only the user's own processes can connect.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import __version__, cache

ENV = "CULTURELINT_SERVER"  # 1: start the server if needed and use it (as --server); 0: never use it
START_TIMEOUT = 60.0
_HEADER = struct.Struct("!Q")


def socket_path() -> Path:
    return cache.directory() / "server.sock"


def pid_path() -> Path:
    return cache.directory() / "server.pid"


def log_path() -> Path:
    return cache.directory() / "server.log"


def identity() -> dict[str, str]:
    """What a server must share with its client to answer for it."""
    import culturelint

    return {
        "version": __version__,
        "package": os.path.dirname(os.path.abspath(culturelint.__file__)),
        "python": sys.version,
    }


# ---------------------------------------------------------------- wire format


def _send(conn: socket.socket, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    conn.sendall(_HEADER.pack(len(data)) + data)


def _receive(conn: socket.socket) -> Any:
    header = _read_exactly(conn, _HEADER.size)
    (size,) = _HEADER.unpack(header)
    return pickle.loads(_read_exactly(conn, size))


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed mid-message")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def call(request: dict[str, Any], timeout: float | None = 600.0) -> dict[str, Any] | None:
    """Send a request to the running server; None when none answers (no socket, stale socket)."""
    path = socket_path()
    if not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(str(path))
            _send(conn, request)
            answer = _receive(conn)
    except (OSError, ConnectionError, EOFError, pickle.UnpicklingError, struct.error):
        return None
    return answer if isinstance(answer, dict) else None


# ---------------------------------------------------------------- client side of `check`


def wanted(option: bool | None) -> bool | None:
    """True: use (and start) the server; None: use it if it runs; False: never."""
    if option is not None:
        return option
    value = os.environ.get(ENV, "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    return None


def check_through_server(params: dict[str, Any], start: bool) -> tuple[str, str, int] | None:
    """The check's stdout, stderr and exit code from the server, or None to run it here."""
    if not start and not socket_path().exists():
        return None  # no server: nothing to ask, and nothing read from stdin
    stdin_text = None
    if "-" in params.get("paths", ()):
        stdin_text = sys.stdin.read()
    if params.get("colour") in (None, "auto") and not params.get("no_colour"):
        from .cliutil import use_colour  # decided here, where the terminal is (NO_COLOR, FORCE_COLOR, a TTY)

        shown = params.get("output") is None and use_colour("auto", sys.stdout)
        params = dict(params, colour="always" if shown else "never")
    request = {
        "op": "check",
        "identity": identity(),
        "params": params,
        "cwd": os.getcwd(),
        "env": {k: v for k, v in os.environ.items() if k.startswith("CULTURELINT_") and k != ENV},
        "stdin": stdin_text,
    }
    answer = call(request)
    if answer is None and start and start_server(quiet=True) is not None:
        answer = call(request)
    if answer is None:
        if stdin_text is not None:
            sys.stdin = io.StringIO(stdin_text)
        return None
    if not answer.get("ok"):
        sys.stderr.write(f"culturelint: note: {answer.get('reason', 'the server did not answer')}\n")
        if stdin_text is not None:
            sys.stdin = io.StringIO(stdin_text)
        return None
    return answer["stdout"], answer["stderr"], int(answer["exit"])


# ---------------------------------------------------------------- the server process


class Server:
    def __init__(self) -> None:
        self.started = time.time()
        self.requests = 0
        self.running = True

    def serve(self) -> None:
        path = socket_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        os.environ[ENV] = "0"  # a check run here never asks a server itself
        self.warm()
        old_umask = os.umask(0o177)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(path))
        finally:
            os.umask(old_umask)
        listener.listen(16)
        _write_pid()
        signal.signal(signal.SIGTERM, lambda *_: self._stop(listener))
        try:
            while self.running:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    break
                with conn:
                    self.handle(conn)
        finally:
            listener.close()
            _remove_files()

    def _stop(self, listener: socket.socket) -> None:
        self.running = False
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()

    def warm(self) -> None:
        """Load what every request needs before the first one comes: packs, spaCy, English."""
        from .nlp import pipeline
        from .packs.loader import load_packset

        with contextlib.suppress(Exception):
            load_packset()
            pipeline("en")

    def handle(self, conn: socket.socket) -> None:
        try:
            request = _receive(conn)
        except (OSError, ConnectionError, pickle.UnpicklingError, struct.error, EOFError):
            return
        op = request.get("op") if isinstance(request, dict) else None
        if op == "status":
            answer: dict[str, Any] = {
                "ok": True,
                "pid": os.getpid(),
                "identity": identity(),
                "uptime": time.time() - self.started,
                "requests": self.requests,
            }
        elif op == "stop":
            self.running = False
            answer = {"ok": True, "pid": os.getpid()}
        elif op == "check":
            self.requests += 1
            theirs = request.get("identity")
            if theirs != identity():
                answer = {
                    "ok": False,
                    "reason": f"the running server is culturelint {identity()['version']} from "
                    f"{identity()['package']}, not this one: run `culturelint server restart`",
                }
            else:
                answer = self.check(request)
        else:
            answer = {"ok": False, "reason": f"unknown request {op!r}"}
        with contextlib.suppress(OSError):
            _send(conn, answer)

    def check(self, request: dict[str, Any]) -> dict[str, Any]:
        from .cli import check as command

        out, err = io.StringIO(), io.StringIO()
        saved_env = {k: v for k, v in os.environ.items() if k.startswith("CULTURELINT_") and k != ENV}
        saved_cwd = os.getcwd()
        saved = sys.stdin, sys.stdout, sys.stderr
        code = 0
        try:
            for key in saved_env:
                del os.environ[key]
            os.environ.update(request.get("env", {}))
            os.chdir(request["cwd"])
            sys.stdin = io.StringIO(request.get("stdin") or "")
            sys.stdout, sys.stderr = out, err
            import click

            params = dict(request["params"], use_server=False)
            with click.Context(command, info_name="check") as ctx:
                ctx.invoke(command.callback, **params)  # type: ignore[arg-type]
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:  # never take the server down with one request
            err.write(f"culturelint: error: internal error in the server: {type(exc).__name__}: {exc}\n")
            code = 3
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
            with contextlib.suppress(OSError):
                os.chdir(saved_cwd)
            for key in [k for k in os.environ if k.startswith("CULTURELINT_") and k != ENV]:
                del os.environ[key]
            os.environ.update(saved_env)
        return {"ok": True, "stdout": out.getvalue(), "stderr": err.getvalue(), "exit": code}


def _write_pid() -> None:
    path = pid_path()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(str(os.getpid()), encoding="utf-8")
    os.replace(tmp, path)


def _remove_files() -> None:
    for path in (socket_path(), pid_path()):
        with contextlib.suppress(OSError):
            if path == pid_path() and path.read_text(encoding="utf-8").strip() != str(os.getpid()):
                continue  # a newer server's
            path.unlink()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recorded_pid() -> int | None:
    try:
        return int(pid_path().read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


# ---------------------------------------------------------------- start / stop / status


def status() -> dict[str, Any] | None:
    answer = call({"op": "status"}, timeout=10.0)
    return answer if answer and answer.get("ok") else None


def clean_stale() -> None:
    """A socket nobody answers on, or a pid file naming a dead process, is removed."""
    pid = recorded_pid()
    if pid is not None and not _pid_alive(pid):
        with contextlib.suppress(OSError):
            pid_path().unlink()
    with contextlib.suppress(OSError):
        socket_path().unlink()


def start_server(quiet: bool = False) -> int | None:
    """Start the server in the background unless one answers; its pid, or None if it did not come up."""
    running = status()
    if running:
        return int(running["pid"])
    clean_stale()
    folder = cache.directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = open(log_path(), "ab")  # noqa: SIM115 - handed to the child
    except OSError:
        return None
    import culturelint

    env = dict(os.environ)
    env[cache.ENV_DIR] = str(folder)
    root = os.path.dirname(os.path.dirname(os.path.abspath(culturelint.__file__)))
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    with log:
        child = subprocess.Popen(
            [sys.executable, "-m", "culturelint", "server", "run"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=env,
            cwd="/",
            start_new_session=True,
        )
    deadline = time.time() + START_TIMEOUT
    while time.time() < deadline:
        if child.poll() is not None:
            return None
        running = status()
        if running:
            return int(running["pid"])
        time.sleep(0.05)
    return None


def stop_server() -> int | None:
    """Stop the running server; its pid, or None when none ran (stale files are cleaned)."""
    answer = call({"op": "stop"}, timeout=10.0)
    pid = int(answer["pid"]) if answer and answer.get("ok") else None
    if pid is None:
        stale = recorded_pid()
        if stale is not None and _pid_alive(stale) and _is_our_server(stale):
            with contextlib.suppress(OSError):
                os.kill(stale, signal.SIGTERM)
            pid = stale
    if pid is not None:
        deadline = time.time() + 10
        while time.time() < deadline and _pid_alive(pid) and not _is_zombie(pid):
            time.sleep(0.05)
    clean_stale()
    return pid


def _is_our_server(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"culturelint" in cmdline and b"server" in cmdline and b"run" in cmdline


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def run_foreground() -> None:
    Server().serve()
