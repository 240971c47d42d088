"""Unit tests of dedupe_news.inputs: reading, gunzipping, decoding, expanding arguments."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from dedupe_news.inputs import (
    InputError,
    decode_text,
    expand_inputs,
    looks_like_html,
    read_input,
)

LIMIT = 1_000_000

FRENCH = (
    "Le marché de Noël ouvrira vendredi sur la place de l'Hôtel de Ville. « Café crème, "
    "à bientôt », a lancé le maire aux commerçants réunis devant la mairie. Les élèves du "
    "collège présenteront un spectacle de chant. "
) * 2
GERMAN = (
    "Der Bürgermeister eröffnete am Freitag den Weihnachtsmarkt auf dem Marktplatz. Die "
    "Schüler der Grundschule sangen Lieder, und die Händler verkauften Glühwein und "
    "Lebkuchen. Größer als je zuvor, sagte er. "
) * 2
CURLY = (
    "He said \u201cthis is the best day\u201d and she replied \u2018not quite\u2019 \u2014 "
    "then they left for the city. Nobody knew what would happen next, but everyone was "
    "excited about it. "
) * 3


# --- read_input ----------------------------------------------------------------------


def test_read_input_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Hello world.\n")
    raw = read_input(path, LIMIT)
    assert raw.data == b"Hello world.\n"
    assert raw.is_html is False
    assert raw.source == str(path)


def test_read_input_gunzips_text(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress("Grüße aus Köln.\n".encode()))
    raw = read_input(path, LIMIT)
    assert raw.data == "Grüße aus Köln.\n".encode()
    assert raw.is_html is False


def test_read_input_gunzips_html(tmp_path: Path) -> None:
    page = b"<html><body><p>Hello</p></body></html>"
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page))
    raw = read_input(path, LIMIT)
    assert raw.data == page
    assert raw.is_html is True


def test_read_input_gzip_magic_without_gz_suffix(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(gzip.compress(b"<p>compressed anyway</p>"))
    assert read_input(path, LIMIT).data == b"<p>compressed anyway</p>"


def test_read_input_gz_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(b"just plain text, not compressed\n")
    with pytest.raises(InputError, match="gzip"):
        read_input(path, LIMIT)


def test_read_input_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(b"some text " * 100)[:20])
    with pytest.raises(InputError, match="gzip"):
        read_input(path, LIMIT)


def test_read_input_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="larger than"):
        read_input(path, 100)


def test_read_input_exactly_max_bytes_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(b"x" * 100)
    assert len(read_input(path, 100).data) == 100


def test_read_input_gzip_bomb_over_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 10_000))
    assert path.stat().st_size < 1_000
    with pytest.raises(InputError, match="decompressed"):
        read_input(path, 1_000)


def test_read_input_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_input(tmp_path, LIMIT)


def test_read_input_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_input(tmp_path / "nope.txt", LIMIT)


def test_read_input_error_message_names_no_file(tmp_path: Path) -> None:
    # The CLI prefixes the path itself; the message must not repeat it.
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError) as caught:
        read_input(missing, LIMIT)
    assert str(missing) not in str(caught.value)


def test_read_input_sniffs_html_without_suffix(tmp_path: Path) -> None:
    page = tmp_path / "download"
    page.write_bytes(b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    text = tmp_path / "notes"
    text.write_bytes(b"Just some words.\n")
    assert read_input(page, LIMIT).is_html is True
    assert read_input(text, LIMIT).is_html is False


def test_read_input_suffix_beats_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "quoted.txt"
    path.write_bytes(b"<p>This text file quotes markup.</p>")
    assert read_input(path, LIMIT).is_html is False


# --- decode_text ---------------------------------------------------------------------


def test_decode_utf8() -> None:
    assert decode_text("Grüße – “quoted”".encode()) == "Grüße – “quoted”"


def test_decode_utf8_with_bom() -> None:
    assert decode_text(b"\xef\xbb\xbf" + "Café crème".encode()) == "Café crème"


def test_decode_utf16_with_bom() -> None:
    text = "Hello wörld, this is a test."
    assert decode_text(text.encode("utf-16")) == text


@pytest.mark.parametrize("text", [FRENCH, GERMAN], ids=["french", "german"])
def test_decode_latin1(text: str) -> None:
    assert decode_text(text.encode("latin-1")) == text


def test_decode_latin1_short_french_phrase() -> None:
    text = " ".join(["Café crème, à bientôt."] * 10)
    assert decode_text(text.encode("latin-1")) == text


def test_decode_windows_1252_curly_quotes() -> None:
    data = CURLY.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data
    assert decode_text(data) == CURLY


def test_decode_nul_bytes_is_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_text(b"hello\x00world, this is not text")


def test_decode_empty() -> None:
    assert decode_text(b"") == ""


# --- looks_like_html -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html></html>",
        b"<!doctype HTML>\n<title>x</title>",
        b"<HTML><BODY>x</BODY></HTML>",
        b"  \n<div class='a'>x</div>",
        b"<p>One paragraph.</p>",
        b"<meta charset=utf-8>",
        b"<article>\n<p>x</p></article>",
        b"\xef\xbb\xbf<html>",
    ],
)
def test_looks_like_html_true(data: bytes) -> None:
    assert looks_like_html(data) is True


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Plain text with no markup at all.",
        b"if a < b and b > c then",
        b"<pre>not one of the sniffed tags</pre>",
        b"<paragraph> is not <p",
        b"Dear reader,\n\nThe <b>bold</b> word.",
    ],
)
def test_looks_like_html_false(data: bytes) -> None:
    assert looks_like_html(data) is False


def test_looks_like_html_only_sniffs_the_start() -> None:
    assert looks_like_html(b"x" * 5000 + b"<html>") is False


# --- expand_inputs -------------------------------------------------------------------


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    for name in (
        "a.html",
        "b.txt",
        "sub/c.htm",
        "sub/d.txt.gz",
        "sub/deeper/e.html.gz",
        "sub/deeper/f.md",
        # ignored:
        "notes.json",
        "image.png",
        "sub/data.gz",
        "sub/table.csv.gz",
        "sub/deeper/README",
    ):
        (root / name).write_bytes(b"x")


def test_expand_directory_recursive(tmp_path: Path) -> None:
    _tree(tmp_path)
    found, problems = expand_inputs([str(tmp_path)])
    assert problems == []
    relative = [Path(p).relative_to(tmp_path).as_posix() for p in found]
    assert relative == sorted(relative)
    assert set(relative) == {
        "a.html",
        "b.txt",
        "sub/c.htm",
        "sub/d.txt.gz",
        "sub/deeper/e.html.gz",
        "sub/deeper/f.md",
    }


def test_expand_directory_skips_subdirectory_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "odd.html").mkdir()
    (tmp_path / "odd.html" / "real.txt").write_bytes(b"x")
    found, problems = expand_inputs([str(tmp_path)])
    assert problems == []
    assert found == [str(tmp_path / "odd.html" / "real.txt")]


def test_expand_empty_directory_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "only.json").write_bytes(b"{}")
    found, problems = expand_inputs([str(tmp_path)])
    assert found == []
    assert len(problems) == 1
    assert problems[0][0] == str(tmp_path)


def test_expand_glob_absolute(tmp_path: Path) -> None:
    _tree(tmp_path)
    found, problems = expand_inputs([str(tmp_path / "sub" / "**" / "*.gz")])
    assert problems == []
    assert found == sorted(
        str(tmp_path / p)
        for p in ("sub/d.txt.gz", "sub/deeper/e.html.gz", "sub/data.gz", "sub/table.csv.gz")
    )


def test_expand_glob_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found, problems = expand_inputs(["*.html", "sub/*.htm"])
    assert problems == []
    assert found == ["a.html", os.path.join("sub", "c.htm")]


def test_expand_glob_matching_nothing(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.html")
    found, problems = expand_inputs([pattern])
    assert found == []
    assert problems == [(pattern, "pattern matches no file")]


def test_expand_missing_path_is_reported_not_raised(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(b"x")
    missing = str(tmp_path / "missing.txt")
    found, problems = expand_inputs([missing, str(good)])
    assert found == [str(good)]
    assert len(problems) == 1
    assert problems[0][0] == missing
    assert "no such file" in problems[0][1]


def test_expand_keeps_argument_order_and_stdin(tmp_path: Path) -> None:
    first = tmp_path / "z.txt"
    second = tmp_path / "a.txt"
    first.write_bytes(b"x")
    second.write_bytes(b"x")
    found, problems = expand_inputs([str(first), "-", str(second)])
    assert problems == []
    assert found == [str(first), "-", str(second)]


def test_expand_explicit_file_with_any_suffix(tmp_path: Path) -> None:
    # Named explicitly, a file is taken whatever its suffix; only directories filter.
    path = tmp_path / "page.json"
    path.write_bytes(b"x")
    assert expand_inputs([str(path)]) == ([str(path)], [])


def test_atomic_output_gets_the_usual_file_mode(tmp_path: Path) -> None:
    from dedupe_news.output import write_atomically

    target = tmp_path / "out.txt"
    previous = os.umask(0o022)
    try:
        write_atomically(target, "text")
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o644
