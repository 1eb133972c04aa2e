"""The comparison service: FastAPI + LightGBM doing what `POST /score` does.

Same request and answer shapes (`"reasons": false` skips the contributions, as AlertsAI does): per row a check that every feature is present and finite, the probability, the
decision against the threshold, and the top three SHAP contributions (LightGBM `pred_contrib`) as reasons.
Batches are scored with one vectorised LightGBM call each for predictions and contributions.
Run: BENCH_DIR=… uvicorn fastapi_app:app --port 8091 --workers 2
"""
import json
import math
import os

import lightgbm as lgb
import numpy as np
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

DIR = os.environ.get("BENCH_DIR", ".")
BOOSTER = lgb.Booster(model_file=os.path.join(DIR, "model.txt"))
FEATURES = BOOSTER.feature_name()
THRESHOLD = float(os.environ.get("BENCH_THRESHOLD", "0.5"))
MAX_BATCH = 1000
app = FastAPI()


@app.post("/score")
async def score(request: Request):
    try:
        body = json.loads(await request.body())
    except ValueError as e:
        raise HTTPException(400, f"malformed JSON: {e}")
    if body.get("model") != "bench":
        raise HTTPException(404, f"no model named '{body.get('model')}'")
    rows = body.get("rows") or []
    if len(rows) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} rows")
    x = np.empty((len(rows), len(FEATURES)))
    errors = [None] * len(rows)
    for i, row in enumerate(rows):
        for j, f in enumerate(FEATURES):
            v = row.get(f)
            if v is None or not isinstance(v, (int, float)) or not math.isfinite(v):
                errors[i] = errors[i] or f"row {i}: feature '{f}' missing or not finite"
                v = 0.0
            x[i, j] = v
    p = BOOSTER.predict(x)
    with_reasons = body.get("reasons", True)
    contrib = BOOSTER.predict(x, pred_contrib=True)[:, :-1] if with_reasons else None
    results = []
    for i in range(len(rows)):
        if errors[i]:
            results.append({"error": errors[i]})
            continue
        top = np.argsort(-np.abs(contrib[i]))[:3] if with_reasons else []
        reasons = [{"feature": FEATURES[k], "value": float(x[i, k]), "contribution": float(contrib[i, k]),
                    "text": f"{FEATURES[k]} at {x[i, k]:.3g} {'raised' if contrib[i, k] >= 0 else 'lowered'} the score"} for k in top]
        results.append({"decision": "alert" if p[i] >= THRESHOLD else "pass", "score": float(p[i]), "threshold": THRESHOLD,
                        "reasons": reasons})
    first = next((e for e in errors if e), None)
    return JSONResponse({"model": "bench@v1", "results": results, **({"error": {"message": first}} if first else {})},
                        status_code=422 if first else 200)
