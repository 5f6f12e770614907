import os

bind = "0.0.0.0:" + os.environ.get("PORT", "5000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
worker_class = 'gevent'
timeout = 300  # "just in case"
graceful_timeout = 30
preload_app = True
max_requests = 1000
max_requests_jitter = 50
