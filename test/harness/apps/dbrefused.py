"""Connects to its 'database' at import time; the harness points DB_PORT at a closed loopback port."""
import os
import socket

DB_HOST = os.environ.get("DB_HOST", "127.0.0.1")
DB_PORT = int(os.environ.get("DB_PORT", "5432"))

conn = socket.create_connection((DB_HOST, DB_PORT), timeout=2)


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"connected\n"]
