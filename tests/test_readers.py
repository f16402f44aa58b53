"""Readers: what counts as copy, and that every offset maps back to the original file."""

from __future__ import annotations

import pytest

from culturelint.errors import InputError
from culturelint.readers import reader_for
from culturelint.readers.common import decode

MD = """---
market: ja-JP
sponsored: true
channel: Instagram
date: 2026-12-01
---
# Heading with `code` and a [link text](https://example.org/x "title")

<!-- culturelint-disable-next-line ja-jp.number.four-gift -- a price, not a gift -->
Body **bold** text, see https://example.org/page and ![alt words](img.png).

```python
print("not copy")
```

    indented code is not copy

[ref]: https://example.org/ref
"""


def copy_of(path: str, text: str) -> str:
    document = reader_for(path).read(path, text)[0]
    return "\n".join(s.text for s in document.segments)


def test_front_matter_is_metadata() -> None:
    document = reader_for("a.md").read("a.md", MD)[0]
    meta = document.meta
    assert meta.markets == ("ja-JP",) and meta.sponsored is True and meta.channel == "instagram"
    assert str(meta.date) == "2026-12-01"


def test_non_copy_is_blanked() -> None:
    copy = copy_of("a.md", MD)
    for word in ("Heading", "link text", "Body", "bold", "text", "alt words"):
        assert word in copy
    for gone in (
        "market",
        "`code`",
        "example.org",
        "title",
        "print",
        "indented",
        "**",
        "img.png",
        "culturelint-disable",
        "#",
    ):
        assert gone not in copy, gone


def test_segments_map_back_to_the_source() -> None:
    document = reader_for("a.md").read("a.md", MD)[0]
    for segment in document.segments:
        for i, ch in enumerate(segment.text):
            if not ch.isspace():
                assert document.source[segment.offsets.start(i)] == ch


def test_directives_are_read() -> None:
    document = reader_for("a.md").read("a.md", MD)[0]
    [directive] = document.directives
    assert directive.kind == "next-line" and directive.rules == ("ja-jp.number.four-gift",)
    assert directive.line == 9 and directive.reason == "a price, not a gift"


def test_raw_html_keeps_visible_text_but_not_scripts() -> None:
    copy = copy_of("a.md", "<div class=\"x\">Visible words</div>\n\n<script>\nhidden()\n</script>\n")
    assert "Visible words" in copy and "hidden" not in copy and "class" not in copy


def test_plain_text_keeps_markdown_characters() -> None:
    copy = copy_of("a.txt", "Use *this* #hashtag at https://x.example now")
    assert "*this* #hashtag" in copy and "x.example" not in copy


@pytest.mark.parametrize(
    "front, where",
    [
        ("---\nmarket: [ja-JP\n---\nx\n", "a.md:3:1"),
        ("---\nsponsored: maybe\n---\nx\n", "a.md:2:12: at key 'sponsored'"),
        ("---\ndate: someday\n---\nx\n", "a.md:2:7: at key 'date'"),
        ("---\n- a list\n---\nx\n", "a.md:2:1"),
    ],
)
def test_bad_front_matter_names_the_line(front: str, where: str) -> None:
    with pytest.raises(InputError) as info:
        reader_for("a.md").read("a.md", front)
    assert str(info.value).startswith(where)


def test_decode_errors_name_the_spot() -> None:
    with pytest.raises(InputError, match=r"^x.md:2:3: not valid UTF-8 \(byte 0xff\)$"):
        decode(b"ok\nab\xffcd", "x.md")
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x00\x01PNG", "x.md")
    assert decode("\ufeffhé\r\nllo".encode("utf-8"), "x.md") == "hé\nllo"


def test_html_code_is_not_copy() -> None:
    source = (
        "<p>Run <code>du -sh $HOME</code> to see the size.</p>\n"
        "<pre>$ sudo apt-get install Sie\n# 88 lines</pre>\n<p>Then <kbd>Ctrl</kbd> and done.</p>\n"
    )
    copy = copy_of("a.html", source)
    assert "Run" in copy and "to see the size." in copy and "Then" in copy and "and done." in copy
    assert "du -sh" not in copy and "$HOME" not in copy and "sudo" not in copy and "Ctrl" not in copy


def test_toml_and_json_front_matter_are_read() -> None:
    """Hugo writes front matter as TOML between +++ lines or as a JSON object opening the file."""
    from culturelint.readers import reader_for

    toml = '+++\nmarket = "de-DE"\nsponsored = true\nmarkt = "x"\ndate = 2026-05-01\n+++\nMein neues Serum.\n'
    document = reader_for("a.md").read("a.md", toml)[0]
    assert document.meta.markets == ("de-DE",) and document.meta.sponsored is True
    assert str(document.meta.date) == "2026-05-01"
    assert [(p.message, p.line) for p in document.problems] == [("unknown key 'markt'; did you mean 'market'?", 4)]
    assert "market" not in document.copy_text() and "Mein neues Serum." in document.copy_text()

    json_front = '{\n  "market": "ja-JP",\n  "names": ["Shi"]\n}\n4つのギフトセット。\n'
    document = reader_for("b.md").read("b.md", json_front)[0]
    assert document.meta.markets == ("ja-JP",) and document.meta.names == ("Shi",)
    assert document.copy_text() == "4つのギフトセット。"

    braces = "{Draft} Our autumn range is here.\n"  # copy that opens with a brace is copy
    document = reader_for("c.md").read("c.md", braces)[0]
    assert document.meta.markets == () and "autumn range" in document.copy_text()


def test_invalid_toml_front_matter_names_the_file() -> None:
    from culturelint.errors import InputError
    from culturelint.readers import reader_for

    with pytest.raises(InputError, match="invalid TOML front matter"):
        reader_for("a.md").read("a.md", "+++\nmarket = \n+++\nx\n")
