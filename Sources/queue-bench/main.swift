print("queue-bench: not yet")
