"""Database and cache rules, PFL1xx (101 to 108): N+1 queries, writes and commits per row,
connections per call, cache round trips per key, Django relation loading."""
