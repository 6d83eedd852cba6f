"""The append-only, hash-chained access log and the supervisor's review of it."""
