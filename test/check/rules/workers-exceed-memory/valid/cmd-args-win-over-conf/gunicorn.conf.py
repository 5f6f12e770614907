workers = 10
