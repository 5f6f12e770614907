graceful_timeout = 20
