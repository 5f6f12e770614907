import os

workers = int(os.environ.get("WEB_CONCURRENCY", 8))
