#!/usr/bin/env python3
"""A webhook receiver on loopback for the events benchmark: answers every POST 204 at once and
appends one line per delivery to the log: received epoch seconds, the event's time as epoch
seconds, the lag in ms, the type. Usage: receiver.py PORT LOG"""
import datetime
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, log_path = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
log = open(log_path, "a", buffering=1)


class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        received = time.time()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
        try:
            event = json.loads(body)
            at = datetime.datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp()
            with lock:
                log.write(f"{received:.6f} {at:.6f} {(received - at) * 1000:.1f} {event['type']}\n")
        except Exception as e:  # a malformed body is logged, never fatal
            with lock:
                log.write(f"{received:.6f} 0 -1 unreadable:{e!r}\n")

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
