worker_class = "eventlet"
