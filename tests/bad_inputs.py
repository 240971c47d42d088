"""Hostile and broken inputs, generated (no committed binaries).

Each generator returns the bytes of one file; ``BAD_INPUTS`` maps a file name
(its suffix decides HTML or text, as on the command line) to its generator.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from collections.abc import Callable

STORY = (
    "The regional council approved the new tram line on Tuesday after a debate that "
    "lasted almost six hours and drew hundreds of residents to the town hall."
)
SECOND = (
    "Construction is expected to begin next spring, and the first trams should run "
    "between the station and the university campus within three years."
)
THIRD = (
    "Opponents argued that the money would be better spent on buses, which can reach "
    "the outlying villages that the planned route leaves out entirely."
)

# Words that only come out right when the page is decoded with its real encoding.
LATIN1_WORDS = ("Bürgermeister", "Straßenbahn", "Gemeinderäte", "Großbaustelle")
CP1252_WORDS = ("„Wir bauen“", "l’hôpital", "coûte 12 €", "œuvre")
SHIFT_JIS_WORDS = ("東京都", "路面電車", "市議会", "建設費")


def _page(body: str, head: str = "", doctype: str = "<!DOCTYPE html>") -> str:
    return (
        f"{doctype}\n<html><head><title>Tram line approved</title>{head}</head>"
        f"<body><article><h1>Tram line approved</h1>{body}</article></body></html>\n"
    )


def _story_page(extra_head: str = "") -> str:
    return _page(f"<p>{STORY}</p><p>{SECOND}</p><p>{THIRD}</p>", extra_head)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80\x20\x10" * 16 for _ in range(16)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _garbage(size: int = 64 * 1024) -> bytes:
    # Deterministic bytes that look like nothing: a multiplicative congruential stream.
    state, out = 0x2545F491, bytearray()
    while len(out) < size:
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        out += state.to_bytes(8, "little")
    return bytes(out[:size])


def _foreign_page(words: tuple[str, ...], encoding: str, declared: str | None) -> bytes:
    head = f'<meta charset="{declared}">' if declared else ""
    paragraphs = "".join(f"<p>{STORY} {' '.join(words)} {index}.</p>" for index in range(3))
    return _page(paragraphs, head).encode(encoding)


def _japanese_page(declared: str | None = None) -> bytes:
    sentence = (
        "東京都の市議会は火曜日、路面電車の新しい路線を承認した。建設費は約三百億円と見込まれ、"
        "最初の電車は三年以内に駅と大学の間を走る予定だという。反対派はバスの方が安いと主張した。"
    )
    body = "".join(f"<p>{sentence}（{index}）</p>" for index in range(4))
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    return _page(body, head if declared else "").encode("shift_jis")


def _russian_page() -> bytes:
    sentence = (
        "Городской совет во вторник утвердил новую линию трамвая после дебатов, которые "
        "длились почти шесть часов и собрали сотни жителей в ратуше."
    )
    return _page("".join(f"<p>{sentence} ({index})</p>" for index in range(4))).encode()


def utf8_with_broken_bytes(html: bool) -> bytes:
    """UTF-8 with real umlauts and two stray bytes (a cut-and-paste accident)."""
    text = f"{STORY} {' '.join(LATIN1_WORDS)}. {SECOND}"
    data = (_page(f"<p>{text}</p><p>{THIRD}</p>") if html else f"{text}\n\n{THIRD}").encode()
    return data.replace(b"six", b"s\xffx").replace(b"spring", b"spr\xe9ng")


def _nested(depth: int) -> bytes:
    return _page("<div><span>" * depth + f"<p>{STORY}</p>").encode()


def _big_page(size: int) -> bytes:
    paragraph = f"<p>{STORY} {SECOND} {THIRD}</p>\n"
    count = size // len(paragraph) + 1
    return _page("".join(paragraph.replace("tram", f"tram {i}") for i in range(count))).encode()


def _one_huge_paragraph(size: int) -> bytes:
    words = (STORY + " " + SECOND + " " + THIRD + " ").split()
    text = " ".join(f"{words[i % len(words)]}{i // len(words)}" for i in range(size // 9))
    return _page(f"<p>{text}</p>").encode()


def _entity_bomb() -> bytes:
    # "Billion laughs": each entity is ten of the previous one.
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE html [\n{chr(10).join(entities)}\n]>"
    return _page(f"<p>{STORY} &lol9;</p><p>{SECOND}</p><p>{THIRD}</p>", doctype=doctype).encode()


def _external_entity() -> bytes:
    doctype = '<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    return _page(f"<p>{STORY} &secret;</p><p>{SECOND}</p>", doctype=doctype).encode()


def _scripts() -> bytes:
    script = "<script>while(true){document.write('<p>' + 'x'.repeat(1e6))}</script>"
    body = f"{script}<p>{STORY}</p><script>alert('&amp;&lt;')</script><p>{SECOND}</p>"
    return _page(body + "<noscript><p>Enable JavaScript</p></noscript>").encode()


def _boilerplate_only() -> bytes:
    lines = ["Advertisement", "Share this article", "Subscribe to our newsletter", "Advertisement"]
    return _page("".join(f"<p>{line}</p>" for line in lines)).encode()


def _many_small_paragraphs(count: int) -> bytes:
    words = "alpha beta gamma delta epsilon zeta eta theta".split()
    return _page(
        "".join(f"<p>{words[i % 8]} {i} {words[i * 3 % 8]} {i * 7} end.</p>" for i in range(count))
    ).encode()


def _repeated(count: int) -> bytes:
    return _page(f"<p>{STORY}</p>" * count).encode()


BAD_INPUTS: dict[str, Callable[[], bytes]] = {
    "empty.html": lambda: b"",
    "empty.txt": lambda: b"",
    "whitespace.html": lambda: b" \n\t\r\n   \n",
    "whitespace.txt": lambda: b" \n\t\r\n \xc2\xa0 \n",
    "garbage.html": _garbage,
    "garbage.txt": _garbage,
    "garbage.bin.gz": lambda: b"\x1f\x8b" + _garbage(4096),
    "image.html": _png,
    "truncated.html": lambda: _story_page().encode()[: len(_story_page()) * 2 // 3],
    "nested-10000.html": lambda: _nested(10_000),
    "big-50mb.html": lambda: _big_page(50_000_000),
    "many-small-paragraphs.html": lambda: _many_small_paragraphs(60_000),
    "one-5mb-paragraph.html": lambda: _one_huge_paragraph(5_000_000),
    "one-5mb-paragraph.txt": lambda: _one_huge_paragraph(5_000_000)[200:-50],
    "invalid-utf8.html": lambda: _story_page().encode().replace(b"six", b"s\xffi\xc3x"),
    "mostly-utf8.html": lambda: utf8_with_broken_bytes(html=True),
    "mostly-utf8.txt": lambda: utf8_with_broken_bytes(html=False),
    "invalid-utf8.txt": lambda: f"{STORY}\n\n{SECOND}".encode().replace(b"six", b"s\xc3\x28x"),
    "latin1.html": lambda: _foreign_page(LATIN1_WORDS, "latin-1", None),
    "cp1252.html": lambda: _foreign_page(CP1252_WORDS, "cp1252", None),
    "shift-jis.html": _japanese_page,
    "declared-shift-jis.html": lambda: _japanese_page("Shift_JIS"),
    "latin1.txt": lambda: f"{STORY} {' '.join(LATIN1_WORDS)}\n\n{SECOND}".encode("latin-1"),
    "cp1252.txt": lambda: f"{STORY} {' '.join(CP1252_WORDS)}\n\n{SECOND}".encode("cp1252"),
    "wrong-charset.html": lambda: _foreign_page(LATIN1_WORDS, "latin-1", "utf-8"),
    "wrong-charset-utf8.html": lambda: _foreign_page(CP1252_WORDS, "utf-8", "shift_jis"),
    "nul-bytes.html": lambda: _story_page().encode().replace(b"six", b"s\x00i\x00x"),
    "nul-bytes.txt": lambda: f"{STORY}\x00\n\n{SECOND}".encode(),
    "bom.html": lambda: b"\xef\xbb\xbf" + _story_page().encode(),
    "bom.txt": lambda: b"\xef\xbb\xbf" + f"{STORY}\n\n{SECOND}".encode(),
    "utf16-bom.txt": lambda: f"{STORY}\n\n{SECOND}".encode("utf-16"),
    "not-gzip.html.gz": lambda: _story_page().encode(),
    "fake-magic.html.gz": lambda: b"\x1f\x8b\x08\x00" + _story_page().encode(),
    "truncated.html.gz": lambda: gzip.compress(_story_page().encode())[:-30],
    "gzip-bomb.html.gz": lambda: gzip.compress(b"<p>" + b"a" * 80_000_000),
    "boilerplate-only.html": _boilerplate_only,
    "repeated-5000.html": lambda: _repeated(5000),
    "repeated-5000.txt": lambda: f"{STORY}\n\n".encode() * 5000,
    "unsupported-language.html": _russian_page,
    "scripts.html": _scripts,
    "entity-bomb.html": _entity_bomb,
    "external-entity.html": _external_entity,
}
