"""``dedupe-news calibrate``: the score distribution of a sample, before changing a threshold."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.console import Console

from dedupe_news.calibrate import EXAMPLES, calibrate
from dedupe_news.calibrate_view import CalibrationView
from dedupe_news.cli import (
    _NO_OPTIONS,
    CleaningOptions,
    ExitCode,
    Inputs,
    StdoutConsole,
    _clean_all,
    _config_from_options,
    app,
    with_cleaning_options,
)


@app.command("calibrate")
@with_cleaning_options
def calibrate_command(
    ctx: typer.Context,
    paths: Inputs,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    examples: Annotated[
        int, typer.Option("--examples", min=0, help="Example pairs on each side of the threshold.")
    ] = EXAMPLES,
    width: Annotated[
        Optional[int],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option("--width", min=60, help="Report width (default: the terminal's)."),
    ] = None,
    cleaning: CleaningOptions = _NO_OPTIONS,
) -> None:
    """Show how the duplicate score is spread over a sample, and what a threshold change does.

    Every candidate paragraph pair of every document is scored as cleaning
    scores it; a histogram marks the thresholds, a table counts the pairs and
    paragraphs a change of ±0.05 or ±0.1 would add or drop, and example pairs
    just above and below the threshold show what the score means.

    Examples:

      dedupe-news calibrate pages/

      dedupe-news calibrate 'archive/*.html' --threshold 0.6

      dedupe-news calibrate story.txt --json
    """
    # Every option and setting that decides what cleaning removes applies here too.
    config = _config_from_options({**cleaning, "ctx": ctx})
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    results, failures = _clean_all(paths, config, errors)
    if not results and failures:
        raise typer.Exit(ExitCode.SOME_INPUTS_FAILED)
    calibration = calibrate(results, config, examples=examples)
    if as_json:
        typer.echo(json.dumps(calibration.to_dict(), ensure_ascii=False, indent=2))
    else:
        StdoutConsole(width=width, highlight=False).print(CalibrationView(calibration))
    raise typer.Exit(ExitCode.SOME_INPUTS_FAILED if failures else ExitCode.OK)
