"""PFL3xx, async code: blocking calls, sequential awaits and nested event loops in ``async def``."""
