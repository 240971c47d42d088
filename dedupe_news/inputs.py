"""Reading input: files, stdin, gzip, and text decoding."""

from __future__ import annotations

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


def decode_text(data: bytes) -> str:
    """Decode plain text: UTF-8 (with or without BOM) first, else detect."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
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


INPUT_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES
_GLOB_CHARS = frozenset("*?[")


def _wanted(path: Path, suffixes: frozenset[str]) -> bool:
    name = _strip_suffixes(path.name.lower())
    return Path(name).suffix in suffixes


def expand_inputs(
    arguments: list[str], suffixes: frozenset[str] = INPUT_SUFFIXES
) -> tuple[list[str], list[tuple[str, str]]]:
    """Files, directories (recursive), globs and ``-`` to a sorted list of inputs.

    Returns the inputs and, separately, the arguments that matched nothing with
    the reason, so one bad argument does not stop the others. Directories are
    searched for files with one of ``suffixes`` (``.gz`` added or not).
    """
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    for argument in arguments:
        if argument == "-":
            found.append(argument)
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and not p.is_symlink() and _wanted(p, suffixes)
            )
            if not files:
                kinds = ", ".join(sorted(suffixes & {".html", ".htm", ".txt", ".warc"}))
                problems.append((argument, f"directory holds no {kinds} (or .gz) files"))
            found.extend(files)
        elif path.exists():
            found.append(argument)
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
