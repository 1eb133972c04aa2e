#!/usr/bin/env python3
"""LightGBM side of `swift run -c release bench-learning`: trains on the same data file with the same parameters.

Reads a little-endian float64 row-major matrix (features..., label) written by the Swift benchmark, trains on the
first --train rows, predicts the rest, and prints one JSON line of timings. Holdout raw scores are written to
--pred-out (float64) and the model to --model-out so the Swift side computes AUC with the same code and checks
that its importer reproduces LightGBM's predictions.
"""
import argparse
import json
import statistics
import time

import lightgbm as lgb
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--cols", type=int, required=True, help="features + 1 (label last)")
    ap.add_argument("--train", type=int, required=True)
    ap.add_argument("--num-leaves", type=int, default=31)
    ap.add_argument("--learning-rate", type=float, default=0.05)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--min-data-in-leaf", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pred-out", required=True)
    ap.add_argument("--model-out", required=True)
    ap.add_argument("--single-row-calls", type=int, default=2000)
    args = ap.parse_args()

    m = np.fromfile(args.data, dtype="<f8").reshape(args.rows, args.cols)
    x, y = m[:, :-1], m[:, -1]
    xtr, ytr, xte = x[: args.train], y[: args.train], x[args.train:]
    params = {
        "objective": "binary", "num_leaves": args.num_leaves, "learning_rate": args.learning_rate,
        "min_data_in_leaf": args.min_data_in_leaf, "max_bin": 255, "num_threads": args.threads,
        "verbose": -1, "seed": 1, "deterministic": True,
    }
    start = time.perf_counter()
    ds = lgb.Dataset(xtr, ytr, params={"max_bin": 255})
    booster = lgb.train(params, ds, num_boost_round=args.rounds)
    train_s = time.perf_counter() - start

    booster.predict(xte[:1000], raw_score=True, num_threads=args.threads)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        raw = booster.predict(xte, raw_score=True, num_threads=args.threads)
        best = min(best, time.perf_counter() - t)
    raw.astype("<f8").tofile(args.pred_out)
    booster.save_model(args.model_out)

    lat = []
    for i in range(args.single_row_calls):
        row = xte[i % len(xte): i % len(xte) + 1]
        t = time.perf_counter()
        booster.predict(row, raw_score=True, num_threads=1)
        lat.append(time.perf_counter() - t)
    print(json.dumps({
        "version": lgb.__version__, "train_seconds": train_s, "batch_rows_per_second": len(xte) / best,
        "single_row_median_us": statistics.median(lat) * 1e6,
    }))


if __name__ == "__main__":
    main()
