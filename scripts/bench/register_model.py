#!/usr/bin/env python3
"""Puts an AlertsAI model file into the artifact store and registers + publishes it in a migrated SQLite store.

Usage: register_model.py SQLITE_PATH ARTIFACTS_DIR MODEL_JSON FEATURES_JSON NAME THRESHOLD
(Benchmark setup only; the product registers models through the registry.)
"""
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
import uuid

db_path, artifacts, model_json, features_json, name, threshold = sys.argv[1:7]
data = open(model_json, "rb").read()
digest = hashlib.sha256(data).hexdigest()
dest = os.path.join(artifacts, "sha256", digest[:2])
os.makedirs(dest, exist_ok=True)
shutil.copyfile(model_json, os.path.join(dest, digest + ".json"))
features = json.load(open(features_json))
now = int(time.time() * 1000)
spec = {
    "featureset": {"name": "core-daily", "version": 1, "features": features},
    "label_cfg": {"labeler": "triple_barrier", "instrument": "equity", "timeframe": "1d",
                  "plan": {"side": "long", "takeProfit": {"percent": {"_0": 0.03}}, "stop": {"percent": {"_0": 0.02}},
                           "maxHoldBars": 10, "entry": "next_open"}},
    "thresholds": {"alert": float(threshold), "perRegime": {}},
    "guardrails": {"dailyBudget": 5, "cooldownBars": 5, "maxPerSector": 2, "maxPerDirection": 5, "maxExposure": 1.0,
                   "optionsMinDTE": 7, "optionsMaxDTE": 60, "maxLeverage": 10, "marketHoursOnly": False},
    "scope": {"allow_presets": [], "allow_symbols": [], "filters": {}},
}
# The store attaches its file as `sc` (its views name `sc.` tables), so do the same.
con = sqlite3.connect(":memory:")
con.execute("ATTACH DATABASE ? AS sc", (db_path,))
con.execute("INSERT INTO sc.model_names (name, last_version) VALUES (?, 1)", (name,))
con.execute(
    """INSERT INTO sc.model_specs (id, name, version, featureset, label_cfg, model_uri, artifact_digest, thresholds, guardrails,
       scope, training_cfg, status, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, '{}', 'published', ?, ?)""",
    (str(uuid.uuid4()).upper(), name, json.dumps(spec["featureset"]), json.dumps(spec["label_cfg"]), f"artifacts://sha256/{digest}",
     digest, json.dumps(spec["thresholds"]), json.dumps(spec["guardrails"]), json.dumps(spec["scope"]), now, now))
con.commit()
print(f"registered {name}@v1 artifact {digest[:12]}…")
