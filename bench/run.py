"""`make bench`: run every bench_*.py beside this file and let each print its figures.

Speed targets from the issues are measured here, never in timed unit tests.
"""

import runpy
import sys
from pathlib import Path


def main() -> int:
    scripts = sorted(Path(__file__).parent.glob("bench_*.py"))
    if not scripts:
        print("bench/: 还没有基准测试（bench_*.py）。")
        return 0
    for script in scripts:
        print(f"== {script.name} ==", flush=True)
        runpy.run_path(str(script), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
