import multiprocessing

bind = ["0.0.0.0:8000"]
workers = multiprocessing.cpu_count() * 2 + 1
threads = 2
timeout = 2 * 60
if True:
    max_requests = 500
worker_class = f"{'sync'}"
