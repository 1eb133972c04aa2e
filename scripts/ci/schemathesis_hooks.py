"""Schemathesis hooks for scripts/ci/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS).

A valid `Idempotency-Key` is made unique per generated request: hypothesis draws the same short keys ("0") again and
again, with other bodies, and the server rightly answers 422 to a key reused with another body (docs/API.md). That
behaviour has its own tests (Tests/ServerTests); here each request is meant to be a new one. Invalid keys are left
as generated, so that their rejection is still checked, and so are negative cases.
"""
import re
import uuid

import schemathesis

VALID = re.compile(r"^[!-~]{1,255}$")


def unique(headers):
    for name in list(headers or {}):
        value = headers[name]
        if name.lower() == "idempotency-key" and isinstance(value, str) and VALID.match(value):
            headers[name] = value[:220] + "-" + uuid.uuid4().hex


@schemathesis.hook
def before_call(context, case, kwargs):
    # Positive cases only: a negative case answers 4xx whatever its key, and editing its headers would make
    # schemathesis revalidate it (a "missing Authorization" probe would get its header back).
    meta = case.meta
    if meta is None or meta.generation.mode.is_positive:
        unique(case.headers)
