"""`make bench`: every benchmark, each printing ratios measured in one run."""

from __future__ import annotations

import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import bench_engine  # noqa: E402
import bench_epoch  # noqa: E402
import bench_memory  # noqa: E402


def main() -> int:
    print(f"skcb benchmarks on {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}")
    bench_epoch.run()
    bench_engine.run()
    bench_memory.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
