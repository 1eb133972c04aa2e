#!/usr/bin/env python3
"""pandas side of `bench-learning csv`: times pandas.read_csv on the CSV file the Swift benchmark wrote.

Prints one JSON line: wall and CPU seconds of `pandas.read_csv(path)` (default C engine, default float parser), and,
when LightGBM imports, of building LightGBM's binned Dataset from that frame (`lgb.Dataset(X, y).construct()`,
max_bin=255, 2 threads) — the like-for-like counterpart of our read + bin. Imports are not timed.
"""
import argparse
import json
import os
import time

import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--label", default="label")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    try:
        import lightgbm as lgb
    except ImportError:
        lgb = None

    wall, cpu = time.perf_counter(), time.process_time()
    df = pd.read_csv(args.csv)
    out = {"pandas": pd.__version__, "rows": len(df), "columns": df.shape[1],
           "read_csv_seconds": time.perf_counter() - wall, "read_csv_cpu_seconds": time.process_time() - cpu}
    if lgb is not None:
        wall, cpu = time.perf_counter(), time.process_time()
        y = df[args.label].to_numpy()
        x = df.drop(columns=[args.label]).to_numpy()
        lgb.Dataset(x, y, params={"max_bin": 255, "num_threads": args.threads, "verbose": -1}).construct()
        out.update({"lightgbm": lgb.__version__, "dataset_seconds": time.perf_counter() - wall,
                    "dataset_cpu_seconds": time.process_time() - cpu})
    print(json.dumps(out))


if __name__ == "__main__":
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    main()
