#!/usr/bin/env python3
"""The webhook receiver of checks/webhooks-two-instances.sh: answers 200 to every POST and logs
one line per request to LOG ("<arrival|ok|hang> <path> <webhook-id> <subject>"); the first
request to HANG_PATH about the subject HANG_SUBJECT gets no answer until the process ends."""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG = int(sys.argv[1]), sys.argv[2]
HANG_PATH, HANG_SUBJECT = os.environ.get("HANG_PATH", ""), os.environ.get("HANG_SUBJECT", "")
lock, hung = threading.Lock(), []


def log(line):
    with lock, open(LOG, "a") as f:
        f.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        subject = json.loads(body).get("subject", "")
        wid = self.headers.get("webhook-id", "-")
        log(f"arrival {self.path} {wid} {subject}")
        with lock:
            hang = self.path == HANG_PATH and subject == HANG_SUBJECT and not hung
            if hang:
                hung.append(wid)
        if hang:
            log(f"hang {self.path} {wid} {subject}")
            time.sleep(600)  # the sender is killed meanwhile; this thread dies with the process
            return
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        log(f"ok {self.path} {wid} {subject}")

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
