"""Which language culturelint speaks in: rule messages as written (in the market's language), or
in the reader's language when a rule carries a translation (``check --lang``)."""

from __future__ import annotations

import os
import re

from .errors import UserError

LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def resolve_lang(value: str | None, environ: dict[str, str] | None = None) -> str | None:
    """``None``: messages as the packs write them. ``auto``: the user's locale (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``; the C/POSIX locale counts as English). Else a bare language code."""
    if value is None or not value.strip():
        return None
    value = value.strip().lower()
    if value == "auto":
        env = os.environ if environ is None else environ
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            setting = env.get(name, "").strip()
            if setting:
                if setting in ("C", "POSIX") or setting.startswith(("C.", "POSIX.")):
                    return "en"
                code = re.split(r"[_.@-]", setting, maxsplit=1)[0].lower()
                if LANGUAGE.match(code):
                    return code
        return "en"
    code = re.split(r"[_-]", value, maxsplit=1)[0]
    if not LANGUAGE.match(code):
        raise UserError(f"--lang '{value}' is not a language code such as 'en' (or 'auto' for your locale)")
    return code
