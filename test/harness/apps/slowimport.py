"""Import takes IMPORT_SECONDS (default 6): longer than the harness's --timeout 2 (model loading, warm caches...)."""
import os
import time

time.sleep(float(os.environ.get("IMPORT_SECONDS", "6")))


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]
