"""Reading input: files, stdin, gzip, and text decoding."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
_HTML_SNIFF = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)[\s>/]", re.IGNORECASE
)
_GZIP_MAGIC = b"\x1f\x8b"
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
_TIE = 0.05


class InputError(ValueError):
    """An input that cannot be read as a document; the message names no file."""


@dataclass(frozen=True, slots=True)
class RawInput:
    """The bytes of one input and whether they are HTML."""

    source: str
    data: bytes
    is_html: bool


def _gunzip(data: bytes, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"not a valid gzip file ({error})") from None
    if len(out) > limit:
        raise InputError(f"larger than {limit:,} bytes once decompressed")
    return out


def _strip_suffixes(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def looks_like_html(data: bytes) -> bool:
    return _HTML_SNIFF.search(data[:4096]) is not None


def read_input(path: str | Path, max_bytes: int) -> RawInput:
    """Read a path (or ``-`` for stdin), transparently gunzipping."""
    source = str(path)
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = ""
    else:
        file = Path(path)
        if file.is_dir():
            raise InputError("is a directory")
        try:
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputError("no such file") from None
        except PermissionError:
            raise InputError("permission denied") from None
        except OSError as error:
            raise InputError(error.strerror or str(error)) from None
        name = file.name
    if len(data) > max_bytes:
        raise InputError(f"larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
    if data.startswith(_GZIP_MAGIC) or name.lower().endswith(".gz"):
        data = _gunzip(data, max_bytes)
    suffix = Path(_strip_suffixes(name)).suffix.lower()
    if suffix in HTML_SUFFIXES:
        is_html = True
    elif suffix in TEXT_SUFFIXES:
        is_html = False
    else:
        is_html = looks_like_html(data)
    return RawInput(source=source, data=data, is_html=is_html)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BOM_BYTES = tuple(bom for bom, _ in _BOMS)
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF-": "a PDF file",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"\x28\xb5\x2f\xfd": "zstd data",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ": "xz data",
}
_CONTROL_BYTES = frozenset(range(9)) | frozenset(range(14, 32)) | {127}
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))
# Text has next to no control bytes; random or compressed bytes have about 11%.
_MAX_CONTROL_SHARE = 0.05
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.I)
# What browsers do (WHATWG Encoding): these labels mean Windows-1252.
_WINDOWS_1252_LABELS = frozenset({"ascii", "us-ascii", "latin1", "latin-1", "iso-8859-1", "l1"})
# Valid multi-byte UTF-8 characters per invalid byte above which a page is
# UTF-8 with a few broken bytes rather than a legacy code page.
_UTF8_MAJORITY = 2


def _binary_kind(data: bytes, *, strict: bool) -> str | None:
    """What binary data is, or None for text. ``strict``: any NUL byte is binary."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if strict and b"\x00" in head:
        return "binary data"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTE_STRING))
    return "binary data" if head and controls > _MAX_CONTROL_SHARE * len(head) else None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few invalid bytes, decoded with U+FFFD for them."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return text if valid >= _UTF8_MAJORITY * broken else None


def _detect(data: bytes) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("cannot detect the text encoding")
    # Detection often ties between single-byte code pages; news in the bundled
    # languages is far more often Windows-1252 / Latin-1 than Central European.
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + _TIE:
            return str(match)
    return str(best)


def _decode_known(data: bytes) -> str | None:
    """Decode by byte-order mark, else as strict UTF-8; None when neither applies."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"invalid {encoding.upper()} after its byte-order mark") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _strip_controls(text: str, data: bytes) -> str:
    # Control characters are control bytes in every encoding read here except
    # UTF-16/32 (always with a BOM): a fast look at the bytes skips most pages.
    ascii_compatible = not data.startswith(_BOM_BYTES[1:])
    if ascii_compatible and len(data.translate(None, _CONTROL_BYTE_STRING)) == len(data):
        return text
    return _CONTROL_CHARS.sub("", text)


def decode_text(data: bytes) -> str:
    """Decode plain text: BOM, UTF-8, then detection (Western code pages on ties)."""
    if not data.startswith(_BOM_BYTES) and (kind := _binary_kind(data, strict=True)):
        raise InputError(f"{kind}, not text")
    text = _decode_known(data)
    if text is None:
        text = _mostly_utf8(data) or _detect(data)
    return _strip_controls(text, data)


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the page's declared charset, if Python knows it."""
    found = _DECLARED.search(data[:4096])
    if found is None:
        return None
    label = found.group(1).decode("ascii").lower()
    label = "cp1252" if label in _WINDOWS_1252_LABELS else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Decode an HTML page: BOM, UTF-8, the declared charset, then detection.

    The declared charset is used only when the bytes decode under it: pages
    that declare one encoding and are saved in another are common.
    """
    if not data.startswith(_BOM_BYTES) and (kind := _binary_kind(data, strict=False)):
        raise InputError(f"{kind}, not HTML")
    text = _decode_known(data)
    if text is None and (declared := declared_charset(data)):
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(declared)
    if text is None:
        text = _mostly_utf8(data) or _detect(data)
    return _strip_controls(text, data)


INPUT_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES
_GLOB_CHARS = frozenset("*?[")


def is_pattern(argument: str) -> bool:
    """Whether an argument is read as a glob: glob characters, and no such file."""
    return bool(_GLOB_CHARS & set(argument)) and not Path(argument).exists()


def _wanted(path: Path, suffixes: frozenset[str]) -> bool:
    name = _strip_suffixes(path.name.lower())
    return Path(name).suffix in suffixes


def describe_suffixes(suffixes: frozenset[str]) -> str:
    """``.htm, .html, …, .txt (or .gz)``: what a directory scan reads."""
    return f"{', '.join(sorted(suffixes))} (or .gz)"


def expand_inputs(
    arguments: list[str],
    suffixes: frozenset[str] = INPUT_SUFFIXES,
    *,
    skipped: list[tuple[str, int]] | None = None,
) -> tuple[list[str], list[tuple[str, str]]]:
    """Files, directories (recursive), globs and ``-`` to a sorted list of inputs.

    Returns the inputs and, separately, the arguments that matched nothing with
    the reason, so one bad argument does not stop the others. Directories are
    searched for files with one of ``suffixes`` (``.gz`` added or not); each
    directory where other files were left out is added to ``skipped`` with
    their number.
    """
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    for argument in arguments:
        if argument == "-":
            found.append(argument)
            continue
        path = Path(argument)
        if path.is_dir():
            candidates = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
            files = sorted(str(p) for p in candidates if _wanted(p, suffixes))
            if not files:
                kinds = describe_suffixes(suffixes)
                problems.append((argument, f"directory holds no {kinds} files"))
            elif skipped is not None and len(candidates) > len(files):
                skipped.append((argument, len(candidates) - len(files)))
            found.extend(files)
        elif path.exists():
            found.append(argument)
        elif path.is_symlink():
            problems.append((argument, "broken symlink or symlink loop"))
        elif _GLOB_CHARS & set(argument):
            base = Path(argument).anchor or "."
            pattern = argument[len(Path(argument).anchor) :] if Path(argument).anchor else argument
            matches = sorted(str(p) for p in Path(base).glob(pattern) if p.is_file())
            if not matches:
                problems.append((argument, "pattern matches no file"))
            found.extend(matches)
        else:
            problems.append((argument, "no such file or directory"))
    return found, problems
