"""The ``skcb`` command: train a demo, list metrics and sinks, list plugins.

Bad arguments give a non-zero exit and one line on stderr; ``--help`` works everywhere.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from . import __version__


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (argparse prints the usage block too)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _csv(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one metric name, e.g. f1,mcc")
    return names


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {n}")
    return n


def cmd_demo(args: argparse.Namespace) -> int:
    from .plugins import get_registry

    from .selection import select

    select(args.metrics, get_registry())  # unknown or repeated names fail before Keras loads
    if args.mnist and not os.path.isfile(args.mnist):
        raise ValueError(f"--mnist {args.mnist}: no such file (a local mnist.npz in Keras's format)")
    try:
        os.makedirs(args.logdir, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"--logdir {args.logdir}: cannot create it ({exc.strerror})") from None
    from .demo import run_demo

    run_demo(epochs=args.epochs, metrics=args.metrics, logdir=args.logdir, mnist=args.mnist)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .listing import print_list

    print_list(sys.stdout, as_json=args.json)
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    from .listing import print_plugins

    print_plugins(sys.stdout, as_json=args.json)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``skcb`` argument parser (the docs tests read its commands and options)."""
    parser = _Parser(prog="skcb", description="Exact scikit-learn (and plugin) metrics for Keras, "
                     "every epoch, in logs and TensorBoard.")
    parser.add_argument("--version", action="version", version=f"skcb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="train a small CNN on real data with skcb metrics",
                          description="Train a small CNN on scikit-learn's digits (or a local "
                          "MNIST) with skcb metrics every epoch and TensorBoard logs.")
    demo.add_argument("--epochs", type=_positive, default=10, help="training epochs (default 10)")
    demo.add_argument("--metrics", type=_csv, default=None,
                      help="comma-separated metric names (default accuracy,f1,jaccard,mcc,cohen_kappa,roc_auc)")
    demo.add_argument("--logdir", default="logs/demo", help="TensorBoard log directory (default logs/demo)")
    demo.add_argument("--mnist", metavar="PATH", default=None,
                      help="train on MNIST from a local mnist.npz (Keras's format) instead of digits")
    demo.set_defaults(func=cmd_demo)
    lst = sub.add_parser("list", help="list every registered metric and sink with its plugin",
                         description="List every metric (name, plugin, needs, tasks, direction) "
                         "and sink (name, plugin, options) the loaded plugins registered.")
    lst.add_argument("--json", action="store_true", help="print JSON instead of tables")
    lst.set_defaults(func=cmd_list)
    plugins = sub.add_parser("plugins", help="list plugins, their versions and hooks",
                             description="List the built-in, installed and in-code plugins: "
                             "distribution and version, hooks implemented, and whether they loaded.")
    plugins.add_argument("--json", action="store_true", help="print JSON instead of a table")
    plugins.set_defaults(func=cmd_plugins)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``skcb`` console script; returns the exit status."""
    args = build_parser().parse_args(argv)
    if getattr(args, "metrics", "") is None:
        from .demo import DEFAULT_METRICS

        args.metrics = list(DEFAULT_METRICS)
    try:
        return int(args.func(args))
    except ValueError as exc:  # unknown names, plugin errors: one line, no traceback
        print(f"skcb: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `skcb list | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
