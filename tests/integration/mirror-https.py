#!/usr/bin/env python3
# mirror-https.py - a small HTTPS file server for tests/integration/mirror-update.sh,
# standing in for the ANS download servers on loopback.
#
#   mirror-https.py PORT DIR CERT KEY
#
# Serves the files of DIR with an ETag (a hash of the content) and a
# Last-Modified (the file's mtime); answers 304 to a matching
# If-None-Match or to an If-Modified-Since not older than the file.
# The file DIR/.mode changes the behaviour of the next requests:
#   normal    as above (also when .mode is missing)
#   slow      wait 20 s, then close without an answer (nor a log line)
#   truncate  announce the whole length, send half, close
#   chunked   send the body chunked (no Content-Length)
#   throttle  announce the whole length, send it in 10 parts 0.15 s apart
#             (a download long enough to show its progress)
#   noetag    as normal without any ETag: If-None-Match is ignored, only
#             If-Modified-Since can give a 304
#   status N  answer HTTP status N with an empty body
#   redirect URL  answer 302 with Location URL/NAME
# Every request is logged as "METHOD PATH STATUS" in DIR/.log, and its
# conditional headers as "PATH if-none-match=V if-modified-since=V" ("-"
# when absent) in DIR/.cond.
import email.utils
import hashlib
import http.server
import os
import ssl
import sys
import time

PORT, DIR, CERT, KEY = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]


def mode():
    try:
        with open(os.path.join(DIR, ".mode")) as f:
            return f.read().strip() or "normal"
    except OSError:
        return "normal"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def note(self, status):
        with open(os.path.join(DIR, ".log"), "a") as f:
            f.write("%s %s %d\n" % (self.command, self.path, status))

    def empty(self, status, headers=()):
        self.note(status)
        self.send_response(status)
        for h, v in headers:
            self.send_header(h, v)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        m = mode()
        name = os.path.basename(self.path.split("?")[0])
        path = os.path.join(DIR, name)
        with open(os.path.join(DIR, ".cond"), "a") as f:
            f.write("%s if-none-match=%s if-modified-since=%s\n" % (
                self.path, self.headers.get("If-None-Match", "-"),
                self.headers.get("If-Modified-Since", "-")))
        if m == "slow":
            # Past every client's timeout: nobody waits for the answer. Logging
            # it 20 s later would put a line in the middle of whatever test
            # runs then (the plain-text case read it as its own and failed).
            time.sleep(20)
            self.close_connection = True
            return
        if m.startswith("status "):
            self.empty(int(m.split()[1]))
            return
        if m.startswith("redirect "):
            self.empty(302, [("Location", m.split()[1] + "/" + name)])
            return
        if not name or name.startswith(".") or not os.path.isfile(path):
            self.empty(404)
            return
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:24]
        mtime = int(os.stat(path).st_mtime)
        ims = self.headers.get("If-Modified-Since")
        inm = self.headers.get("If-None-Match") if m != "noetag" else None
        fresh = inm == etag if inm is not None else False
        if inm is None and ims:
            t = email.utils.parsedate_to_datetime(ims).timestamp()
            fresh = mtime <= t
        if fresh:
            self.note(304)
            self.send_response(304)
            if m != "noetag":
                self.send_header("ETag", etag)
            self.end_headers()
            return
        self.note(200)
        self.send_response(200)
        if m != "noetag":
            self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        if m == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 65536):
                part = body[i:i + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if m == "truncate":
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if m == "throttle":
            step = len(body) // 10 + 1
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step])
                self.wfile.flush()
                time.sleep(0.15)
            return
        self.wfile.write(body)


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(CERT, KEY)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
