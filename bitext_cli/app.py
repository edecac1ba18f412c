"""The `bitext` command group and its entry point; each command lives in its own module."""

import logging
import sys

import click

from pipeline.errors import BitextError

log = logging.getLogger("pipeline")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Mine parallel sentence pairs from monolingual crawls."""
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    # In a flow run Prefect's handlers show our logs; one-off commands get a plain one.
    if ctx.invoked_subcommand != "run" and not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
        log.addHandler(handler)


def main(args: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit status 2, never a traceback."""
    try:
        cli.main(args=args, prog_name="bitext", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        _fail(_usage_message(exc), exc.exit_code)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except BitextError as exc:
        _fail(str(exc), 2)


def _usage_message(exc: click.UsageError) -> str:
    """A bad value worded as the config models' errors (options.build); a missing or unknown option
    with where to look."""
    if isinstance(exc, click.BadParameter) and not isinstance(exc, click.MissingParameter):
        return f"invalid {_named(exc.param)}: {exc.message}"
    hint = f"; see '{exc.ctx.command_path} -h'" if exc.ctx is not None else ""
    return f"{exc.format_message().rstrip('.')}{hint}"


def _named(param: click.Parameter | None) -> str:
    if isinstance(param, click.Option):
        return "option " + "/".join(param.opts)
    return f"argument {param.human_readable_name}" if param is not None else "value"


def _fail(message: str, status: int) -> None:
    click.echo("error: " + " ".join(line.strip() for line in message.splitlines() if line.strip()), err=True)
    sys.exit(status)
