workers = 8
timeout = 100
graceful_timeout = 10
