"""Plain text to blocks: where one paragraph ends and the next begins.

Blank lines (including lines of no-break spaces) always separate blocks.
Inside a block, each line break is either a hard wrap (an email, a wire feed:
join the lines) or a real break (one paragraph per line: keep them apart).
A break is a wrap when the next line's first word would not have fitted on
the current line at the block's wrap width, the rule text reflowers use.
"""

from __future__ import annotations

import re
from itertools import pairwise

from dedupe_news.model import Block, BlockKind

# Nobody hard-wraps narrower than this; shorter blocks are lists of lines.
MIN_WRAP_WIDTH = 40
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)])\s+")
_HEADING_MAX_WORDS = 16


def _is_wrap(line: str, next_line: str, width: int) -> bool:
    if _BULLET.match(next_line):
        return False
    first_word = next_line.split(maxsplit=1)[0]
    return len(line) + 1 + len(first_word) > width


def _split_block(lines: list[str]) -> list[str]:
    width = max(len(line) for line in lines)
    if len(lines) == 1 or width < MIN_WRAP_WIDTH:
        return lines
    paragraphs = [lines[0]]
    for previous, line in pairwise(lines):
        if _is_wrap(previous, line, width):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _kind(text: str, position: int) -> BlockKind:
    if _BULLET.match(text):
        return BlockKind.LIST_ITEM
    if text.startswith("#"):
        return BlockKind.HEADING
    words = len(text.split())
    ends_sentence = text.rstrip().endswith((".", "!", "?", ":", ";", '"', "”", "»", ")", "…"))
    if position <= 2 and words <= _HEADING_MAX_WORDS and not ends_sentence:
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH


def split_text(text: str) -> tuple[Block, ...]:
    """Split extracted plain text into paragraph blocks, whitespace collapsed."""
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs = [p for lines in blocks if lines for p in _split_block(lines)]
    return tuple(Block(p, _kind(p, i)) for i, p in enumerate(paragraphs))
