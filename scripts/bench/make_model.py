#!/usr/bin/env python3
"""Trains the benchmark's LightGBM model on core-daily-shaped features and writes the request bodies.

Both servers then serve this same model: FastAPI loads model.txt with LightGBM, AlertsAI imports it with
`alertsai learn import --format lightgbm` (bit-identical predictions, see docs/LEARNING.md).
Usage: make_model.py OUT_DIR
"""
import json
import sys

import lightgbm as lgb
import numpy as np

FEATURES = [
    "ret_1", "ret_5", "ret_20", "rsi_14", "rsi_2", "macd_hist", "atr_14_pct", "natr_14", "adx_14", "willr_14",
    "stoch_slowk", "stoch_slowd", "cci_20", "mfi_14", "roc_10", "volume_z_20", "gap", "dist_high_20", "dist_low_20",
    "dist_high_60", "dist_low_60", "rvol_20", "close_z_20", "day_of_week", "bb_pct_b", "trend_50", "trend_200",
    "rsi_x_vol", "rvol_20_z",
]


def sample(rng, n):
    cols = {}
    for f in FEATURES:
        if f.startswith("rsi") or f.startswith("stoch") or f == "mfi_14" or f == "adx_14":
            cols[f] = rng.uniform(0, 100, n)
        elif f == "willr_14":
            cols[f] = rng.uniform(-100, 0, n)
        elif f == "cci_20":
            cols[f] = rng.normal(0, 100, n)
        elif f == "day_of_week":
            cols[f] = rng.integers(1, 6, n).astype(float)
        else:
            cols[f] = rng.normal(0, 0.03, n)
    return cols


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(7)
    n = 50_000
    cols = sample(rng, n)
    x = np.column_stack([cols[f] for f in FEATURES])
    logit = -0.05 * (cols["rsi_14"] - 40) - 20 * cols["ret_5"] + 8 * cols["trend_50"] + rng.normal(0, 1, n)
    y = (logit > 0).astype(int)
    booster = lgb.train(
        {"objective": "binary", "num_leaves": 31, "learning_rate": 0.05, "min_data_in_leaf": 50, "verbose": -1, "seed": 7},
        lgb.Dataset(x, label=y, feature_name=FEATURES), num_boost_round=200)
    booster.save_model(f"{out}/model.txt")
    for size in (1, 100):
        rows = sample(rng, size)
        body = {"model": "bench", "rows": [{f: float(rows[f][i]) for f in FEATURES} for i in range(size)]}
        with open(f"{out}/body_{size}.json", "w") as fh:
            json.dump(body, fh)
        with open(f"{out}/body_{size}_scores.json", "w") as fh:
            json.dump({**body, "reasons": False}, fh)
    with open(f"{out}/features.json", "w") as fh:
        json.dump(FEATURES, fh)


if __name__ == "__main__":
    main()
