"""Real psycopg2 (Debian python3-psycopg2) connecting at import time to a closed loopback port."""
import os

import psycopg2

DB_PORT = int(os.environ.get("DB_PORT", "5432"))

conn = psycopg2.connect(host="127.0.0.1", port=DB_PORT, dbname="app", user="app", connect_timeout=2)


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"connected\n"]
