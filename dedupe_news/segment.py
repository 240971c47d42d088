"""Plain text to blocks: where one paragraph ends and the next begins.

Blank lines (including lines of no-break spaces) always separate blocks.
Inside a block, each line break is either a hard wrap (an email, a wire feed:
join the lines) or a real break (one paragraph per line: keep them apart).
A block is wrapped when most of its lines fill it to about the same width,
and then a break is a wrap when the next line's first word would not have
fitted on the current line at that width, the rule text reflowers use.
"""

from __future__ import annotations

import re
from itertools import pairwise

from dedupe_news.features import spaced_word_count
from dedupe_news.model import Block, BlockKind

# Nobody hard-wraps narrower than this; shorter blocks are lists of lines.
MIN_WRAP_WIDTH = 40
# A wrapped line falls short of the width by at most the next word.
WRAP_SLACK = 15
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,3}[.)])\s+")
_HEADING_MAX_WORDS = 16
# A heading ends in none of these (a lead in Chinese or Japanese ends in "。").
_SENTENCE_ENDS = tuple('.!?:;"”»)…。！？：；」』）')


def _is_wrap(line: str, next_line: str, width: int) -> bool:
    if _BULLET.match(next_line):
        return False
    first_word = next_line.split(maxsplit=1)[0]
    return len(line) + 1 + len(first_word) > width


def _is_hard_wrapped(lines: list[str], width: int) -> bool:
    """Whether most lines that go on end near the width, as wrapped lines do.

    Wrapped text fills each line but a paragraph's last; one paragraph per
    line (a page pasted from a browser) has lines of every length, and only
    its longest reaches the width.
    """
    going_on = lines[:-1]
    full = sum(len(line) >= width - WRAP_SLACK for line in going_on)
    return 2 * full >= len(going_on)


def _split_block(lines: list[str]) -> list[str]:
    width = max(len(line) for line in lines)
    if len(lines) == 1 or width < MIN_WRAP_WIDTH or not _is_hard_wrapped(lines, width):
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
    words = spaced_word_count(text)
    ends_sentence = text.rstrip().endswith(_SENTENCE_ENDS)
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
