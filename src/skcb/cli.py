"""The ``skcb`` command: ``skcb demo``, ``skcb list``."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import __version__


def _csv(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one metric name, e.g. f1,mcc")
    return names


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {n}")
    return n


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo
    from .plugins import get_registry

    registry = get_registry()
    for name in args.metrics:
        registry.metric(name)  # unknown names fail here, before anything is built
    run_demo(epochs=args.epochs, metrics=args.metrics, logdir=args.logdir, mnist=args.mnist)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from .plugins import get_registry

    registry = get_registry()
    print("metrics:")
    for name, m in sorted(registry.metrics.items()):
        direction = "higher is better" if m.greater_is_better else "lower is better"
        aliases = f" (alias {', '.join(m.aliases)})" if m.aliases else ""
        print(f"  {name:<22} {m.needs:<7} {','.join(sorted(m.tasks)):<40} {direction:<17} "
              f"[{m.plugin}]{aliases}")
    print("sinks:")
    for name, s in sorted(registry.sinks.items()):
        print(f"  {name:<22} {s.description} [{s.plugin}]")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skcb", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"skcb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="train a small CNN on real data with skcb metrics")
    demo.add_argument("--epochs", type=_positive, default=10, help="training epochs (default 10)")
    demo.add_argument("--metrics", type=_csv, default=None,
                      help="comma-separated metric names (default accuracy,f1,jaccard,mcc,cohen_kappa,roc_auc)")
    demo.add_argument("--logdir", default="logs/demo", help="TensorBoard log directory (default logs/demo)")
    demo.add_argument("--mnist", metavar="PATH", default=None,
                      help="train on MNIST from a local mnist.npz (Keras's format) instead of digits")
    demo.set_defaults(func=cmd_demo)
    lst = sub.add_parser("list", help="list every registered metric and sink with its plugin")
    lst.set_defaults(func=cmd_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "metrics", "") is None:
        from .demo import DEFAULT_METRICS

        args.metrics = list(DEFAULT_METRICS)
    try:
        return int(args.func(args))
    except ValueError as exc:
        print(f"skcb: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
