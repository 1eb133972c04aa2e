"""A user's webhook receiver for the scale-out run: verifies every POST with the PyPI `standardwebhooks` package
(the receiver side of Standard Webhooks), logs one JSON line per request, and refuses the first attempt of about one
delivery in ten with a 503 so that retries happen. Test tooling only, never the product.

usage: receiver.py PORT SECRETS_FILE LOG_FILE
SECRETS_FILE holds lines "PATH SECRET" (e.g. "/hook/u1 whsec_..."); it is re-read when a path is not known yet.
"""

import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

PORT, SECRETS_FILE, LOG_FILE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()
secrets: dict[str, str] = {}
refused: set[str] = set()
log = open(LOG_FILE, "a", buffering=1)


def secret_for(path: str) -> str | None:
    with lock:
        if path not in secrets:
            try:
                with open(SECRETS_FILE) as f:
                    for line in f:
                        parts = line.split()
                        if len(parts) == 2:
                            secrets[parts[0]] = parts[1]
            except FileNotFoundError:
                pass
        return secrets.get(path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status: int, text: str = "") -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        secret = secret_for(self.path)
        entry = {"path": self.path, "webhook_id": headers.get("webhook-id")}
        if secret is None:
            entry["result"] = "unknown_path"
            log.write(json.dumps(entry) + "\n")
            return self.reply(404, "unknown path")
        try:
            Webhook(secret).verify(body, headers)
        except Exception as e:  # a bad signature is a finding, logged and refused
            entry.update(result="bad_signature", error=str(e))
            log.write(json.dumps(entry) + "\n")
            return self.reply(401, "bad signature")
        payload = json.loads(body)
        entry.update(delivery_id=payload.get("delivery_id"), alert_id=payload.get("alert_id"))
        wid = entry["webhook_id"] or ""
        flaky = int(hashlib.sha256(wid.encode()).hexdigest(), 16) % 10 == 0
        with lock:
            first = wid not in refused
            if flaky and first:
                refused.add(wid)
        if flaky and first:
            entry["result"] = "refused_once"
            log.write(json.dumps(entry) + "\n")
            return self.reply(503, "try again")
        entry["result"] = "ok"
        log.write(json.dumps(entry) + "\n")
        self.reply(200, "ok")


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
