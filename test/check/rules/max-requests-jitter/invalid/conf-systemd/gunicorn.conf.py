max_requests = 500
