"""Decorators that memoize calls by their arguments (PFL508 cache-on-method)."""

KINDS = {
    "py.memoize": "a decorator that memoizes calls in a cache keyed by the arguments, "
    "holding a reference to every argument (including `self`) until evicted",
}

EFFECTS = {
    "functools.lru_cache": ("py.memoize",),
    "functools.cache": ("py.memoize",),
    "cachetools.func.lru_cache": ("py.memoize",),
    "cachetools.func.ttl_cache": ("py.memoize",),
    "cachetools.func.lfu_cache": ("py.memoize",),
}

KINDS["py.regex.compile"] = "compiles a regular expression pattern into a reusable object"
EFFECTS.update(
    {
        "re.compile": ("py.regex.compile",),
        "regex.compile": ("py.regex.compile",),
    }
)

# Standard streams are file objects, for PFL510 readlines-iteration.
INSTANCES = {
    "sys.stdin": "io.TextIOWrapper",
}
