"""Command-line options generated from the config models, so a command offers every key its config has.

Names, types, choices, bounds, help and the defaults shown all come from the model's fields:
`min_chars` becomes `--min-chars`, a bool `--x/--no-x`, a Literal a choice, an optional value
accepts `none`, a bounded number a click range with the field's own bounds (`gt=0` is `x>0`),
and no number is NaN or infinite. Unset options stay unset, so the model's own defaults (and the
calibrated decision defaults) apply; a bad value is a one-line error naming the option.

The path types check a path before any work: an input that is a directory, an output that is one.
"""

import math
import typing
from pathlib import Path
from types import UnionType

import click
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from pipeline import paths
from pipeline.errors import BitextError


class _NoneValue:
    """What `none` on the command line converts to: distinct from an option left unset (None)."""


_NONE = _NoneValue()


class _Optional(click.ParamType):
    """A value of `inner`, or `none` for the field's None (turns a rule off, or asks for the default)."""

    def __init__(self, inner: click.ParamType):
        self.inner, self.name = inner, f"{inner.name}|none"

    def convert(self, value, param, ctx):
        if value is _NONE or isinstance(value, str) and value.lower() in ("none", "off"):
            return _NONE
        return self.inner.convert(value, param, ctx)


class Finite(click.FloatRange):
    """A float within optional bounds, never NaN or infinite (which every comparison would let through)."""

    def convert(self, value, param, ctx):
        number = click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return super().convert(number, param, ctx)


class _Mapping(click.ParamType):
    """`key=value,key=value` for dict fields such as per-language thresholds."""

    name = "key=value,..."

    def convert(self, value, param, ctx):
        if isinstance(value, dict):
            return value
        try:
            mapping = dict((k.strip(), float(v)) for k, v in (item.split("=", 1) for item in value.split(",") if item))
        except ValueError:
            self.fail(f"{value!r} is not a list of key=number", param, ctx)
        if not all(map(math.isfinite, mapping.values())):
            self.fail(f"{value!r}: every number must be finite", param, ctx)
        return mapping


class _CheckedPath(click.ParamType):
    """A path checked by one of pipeline.paths' checks, so the message is the library's own."""

    def __init__(self, check, name: str):
        self.check, self.name = check, name

    def convert(self, value, param, ctx):
        try:
            return self.check(Path(value))
        except BitextError as exc:
            self.fail(str(exc), param, ctx)


INPUT_FILE = _CheckedPath(paths.input_file, "file")
OUTPUT_FILE = _CheckedPath(paths.output_file, "file")
OUTPUT_DIR = _CheckedPath(paths.output_dir, "directory")


def output_file(suffix: str) -> click.ParamType:
    """An output file that must end in `suffix` (numpy would add `.npy` to any other name)."""
    return _CheckedPath(lambda path: paths.output_file(path, suffix), f"file{suffix}")


def _parts(annotation) -> tuple[object, bool]:
    """(the type inside Optional, whether None is allowed)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, UnionType) and type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return annotation, False


def _bounds(info: FieldInfo) -> dict:
    """The field's numeric bounds as click range arguments: one declaration, both checks."""
    bounds = {}
    for rule in info.metadata:
        if isinstance(rule, (Gt, Ge)):
            bounds.update(min=getattr(rule, "gt", getattr(rule, "ge", None)), min_open=isinstance(rule, Gt))
        elif isinstance(rule, (Lt, Le)):
            bounds.update(max=getattr(rule, "lt", getattr(rule, "le", None)), max_open=isinstance(rule, Lt))
    return bounds


def field_type(info: FieldInfo) -> click.ParamType:
    """The click type of a config field: its choices, its bounds, `none` where None is allowed."""
    inner, optional = _parts(info.annotation)
    if typing.get_origin(inner) is typing.Literal:
        kind = click.Choice([str(v) for v in typing.get_args(inner)])
    elif typing.get_origin(inner) is dict:
        kind = _Mapping()
    elif inner is int:
        kind = click.IntRange(**_bounds(info))
    elif inner is float:
        kind = Finite(**_bounds(info))
    else:
        kind = INPUT_FILE if inner is Path else click.STRING     # a config's paths name files it reads
    return _Optional(kind) if optional and not isinstance(kind, click.Choice) else kind


def flag(name: str, prefix: str = "") -> str:
    return "--" + (f"{prefix}-" if prefix else "") + name.replace("_", "-")


def dest(name: str, prefix: str = "") -> str:
    return (f"{prefix}_" if prefix else "") + name


def shown_default(info: FieldInfo) -> str | None:
    """The model's default as the help shows it; None where the description says what unset means."""
    default = info.get_default(call_default_factory=True)
    if default is None or default == {}:
        return None
    return str(default).lower() if isinstance(default, bool) else str(default)


def _help(info: FieldInfo) -> str:
    shown = shown_default(info)
    return (info.description or "") + (f"  [default: {shown}]" if shown is not None else "")


def _option(name: str, info: FieldInfo, prefix: str, extra: tuple[str, ...]):
    opt = flag(name, prefix)
    if _parts(info.annotation)[0] is bool:
        off = "--no-" + opt.removeprefix("--")
        return click.option(f"{opt}/{off}", *extra, dest(name, prefix), default=None, help=_help(info))
    return click.option(opt, *extra, dest(name, prefix), type=field_type(info), default=None,
                        help=_help(info))


def fields(model: type[BaseModel], exclude: tuple[str, ...] = ()) -> dict[str, FieldInfo]:
    """The model's own settings: every field but nested models and those excluded."""
    def nested(info: FieldInfo) -> bool:
        return isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)

    return {name: info for name, info in model.model_fields.items() if name not in exclude and not nested(info)}


def model_options(model: type[BaseModel], prefix: str = "", exclude: tuple[str, ...] = (),
                  aliases: dict[str, tuple[str, ...]] | None = None):
    """A decorator adding an option per field of `model` (`aliases`: extra names, e.g. ' /--no-lid')."""
    aliases = aliases or {}

    def decorate(command):
        for name, info in reversed(fields(model, exclude).items()):
            command = _option(name, info, prefix, aliases.get(name, ()))(command)
        return command
    return decorate


def given(model: type[BaseModel], options: dict, prefix: str = "", exclude: tuple[str, ...] = ()) -> dict:
    """The values of `model`'s options the user set (popped from `options`), `none` as None."""
    values = {}
    for name in fields(model, exclude):
        value = options.pop(dest(name, prefix), None)
        if value is not None:
            values[name] = None if value is _NONE else value
    return values


def build(model: type[BaseModel], values: dict, prefix: str = ""):
    """The config model from the given values; an invalid one is a one-line error naming its option."""
    try:
        return model(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(part) for part in err["loc"]]
        msg = err["msg"].removeprefix("Value error, ")
        if not loc:                       # a rule across fields (min_chars <= max_chars)
            raise BitextError(f"invalid options: {msg}") from None
        name = flag(loc[-1], "-".join([p for p in [prefix, *loc[:-1]] if p]))
        raise BitextError(f"invalid option {name}: {msg}") from None
