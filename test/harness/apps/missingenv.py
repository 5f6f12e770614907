"""Reads a required environment variable at import time; the harness runs it without DATABASE_URL."""
import os

DATABASE_URL = os.environ["DATABASE_URL"]


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [DATABASE_URL.encode() + b"\n"]
