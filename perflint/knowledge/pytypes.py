"""Python's builtins and standard library: what constructors and methods return, which
calls memoize or compile patterns, and the container facts the PFL5xx rules use."""

from perflint.knowledge._tables import Tables

TABLES = Tables()
MEMOIZE = TABLES.kind(
    "py.memoize",
    "a decorator that memoizes calls in a cache keyed by the arguments, holding a reference "
    "to every argument (including `self`) until evicted",
)
REGEX_COMPILE = TABLES.kind(
    "py.regex.compile", "compiles a regular expression pattern into a reusable object"
)

TABLES.effect(
    MEMOIZE,
    "functools.lru_cache",
    "functools.cache",
    "cachetools.func.lru_cache",
    "cachetools.func.ttl_cache",
    "cachetools.func.lfu_cache",
)
TABLES.effect(REGEX_COMPILE, "re.compile", "regex.compile")

# Standard streams are file objects, for PFL510 readlines-iteration.
TABLES.instances({"sys.stdin": "io.TextIOWrapper"})

_CONSTRUCTORS = (
    "str",
    "bytes",
    "bytearray",
    "int",
    "float",
    "bool",
    "list",
    "dict",
    "set",
    "frozenset",
    "tuple",
)

TABLES.returns({f"builtins.{name}": f"builtins.{name}" for name in _CONSTRUCTORS})
TABLES.returns(
    {
        "builtins.sorted": "builtins.list",
        "builtins.repr": "builtins.str",
        "builtins.format": "builtins.str",
        "builtins.chr": "builtins.str",
        "builtins.open": "io.TextIOWrapper",
        "collections.deque": "collections.deque",
        "collections.defaultdict": "collections.defaultdict",
        "collections.OrderedDict": "collections.OrderedDict",
        "collections.Counter": "collections.Counter",
        "io.StringIO": "io.StringIO",
        "io.BytesIO": "io.BytesIO",
    }
)
for _method in (
    "join",
    "format",
    "strip",
    "lstrip",
    "rstrip",
    "lower",
    "upper",
    "replace",
    "casefold",
    "title",
    "capitalize",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "removeprefix",
    "removesuffix",
    "expandtabs",
    "format_map",
):
    TABLES.returns({f"builtins.str.{_method}": "builtins.str"})
for _method in ("join", "strip", "lstrip", "rstrip", "lower", "upper", "replace"):
    TABLES.returns({f"builtins.bytes.{_method}": "builtins.bytes"})
for _method in ("split", "rsplit", "splitlines"):
    TABLES.returns({f"builtins.str.{_method}": "builtins.list"})
    TABLES.returns({f"builtins.bytes.{_method}": "builtins.list"})
TABLES.returns({"builtins.str.encode": "builtins.bytes"})
TABLES.returns({"builtins.bytes.decode": "builtins.str"})
TABLES.returns({"builtins.dict.copy": "builtins.dict"})
TABLES.returns({"builtins.list.copy": "builtins.list"})
TABLES.returns({"builtins.set.copy": "builtins.set"})

TABLES.bases(
    {
        "collections.defaultdict": ("builtins.dict",),
        "collections.OrderedDict": ("builtins.dict",),
        "collections.Counter": ("builtins.dict",),
    }
)

# Dict views and other builtin iterables, so rules can tell a view from an iterator.
TABLES.returns(
    {
        "builtins.dict.keys": "builtins.dict_keys",
        "builtins.dict.values": "builtins.dict_values",
        "builtins.dict.items": "builtins.dict_items",
        "builtins.range": "builtins.range",
        "builtins.reversed": "builtins.reversed",
        "builtins.enumerate": "builtins.enumerate",
        "builtins.zip": "builtins.zip",
        "builtins.map": "builtins.map",
        "builtins.filter": "builtins.filter",
        "builtins.list.index": "builtins.int",
        "builtins.list.count": "builtins.int",
        "builtins.len": "builtins.int",
    }
)
# typing's aliases of the builtin containers, for annotations such as ``List[int]``.
for _alias, _builtin in (
    ("List", "list"),
    ("Dict", "dict"),
    ("Set", "set"),
    ("FrozenSet", "frozenset"),
    ("Tuple", "tuple"),
):
    TABLES.returns({f"typing.{_alias}": f"builtins.{_builtin}"})

# File objects: what ``open()`` and friends return, all of them ``io.IOBase``.
TABLES.returns(
    {
        "io.open": "io.TextIOWrapper",
        "codecs.open": "codecs.StreamReaderWriter",
        "pathlib.Path": "pathlib.Path",
        "pathlib.PurePath": "pathlib.PurePath",
        "pathlib.PosixPath": "pathlib.PosixPath",
        "pathlib.WindowsPath": "pathlib.WindowsPath",
        "pathlib.Path.open": "io.TextIOWrapper",
        "gzip.open": "gzip.GzipFile",
        "bz2.open": "bz2.BZ2File",
        "lzma.open": "lzma.LZMAFile",
    }
)
TABLES.bases(
    {
        "io.TextIOWrapper": ("io.IOBase",),
        "io.BufferedReader": ("io.IOBase",),
        "io.StringIO": ("io.IOBase",),
        "io.BytesIO": ("io.IOBase",),
        "codecs.StreamReaderWriter": ("io.IOBase",),
        "gzip.GzipFile": ("io.IOBase",),
        "bz2.BZ2File": ("io.IOBase",),
        "lzma.LZMAFile": ("io.IOBase",),
        "pathlib.PosixPath": ("pathlib.Path",),
        "pathlib.WindowsPath": ("pathlib.Path",),
        "pathlib.Path": ("pathlib.PurePath",),
    }
)
# Calls that return a list: a file's lines, a directory's entries.
TABLES.returns(
    {
        "io.IOBase.readlines": "builtins.list",
        "os.listdir": "builtins.list",
        "glob.glob": "builtins.list",
    }
)
for _annotation in ("typing.IO", "typing.TextIO", "typing.BinaryIO"):
    TABLES.bases({_annotation: ("io.IOBase",)})

# ----- side tables for the PFL5xx rules ------------------------------------------------
# Types whose length is known without consuming them, so ``len(list(x))`` is ``len(x)``
# (PFL506).
SIZED_TYPES = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.dict",
        "builtins.str",
        "builtins.bytes",
        "builtins.range",
        "builtins.dict_keys",
        "builtins.dict_values",
        "builtins.dict_items",
        "collections.deque",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
    }
)
# Builtin containers that ``for v in list(x)`` may iterate directly when the loop leaves
# `x` alone (PFL506).
COPYABLE_TYPES = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.dict",
        "builtins.str",
        "builtins.bytes",
    }
)
# Builtins that reduce an iterable to one value, and those of them that stop early (PFL506).
REDUCERS = frozenset(
    {"builtins.sum", "builtins.any", "builtins.all", "builtins.min", "builtins.max"}
)
SHORT_CIRCUIT_REDUCERS = frozenset({"builtins.any", "builtins.all"})
# Builtins that copy an iterable into a new sequence (PFL506).
COPYING_CONSTRUCTORS = frozenset({"builtins.list", "builtins.tuple"})
# Calls that make an empty container when given no argument (PFL507).
EMPTY_CONTAINER_CALLS = frozenset({"builtins.list", "builtins.set", "builtins.dict"})
# The method that fills a list or a set with one element (PFL507).
FILLING_METHODS = {"append": "builtins.list", "add": "builtins.set"}
# List methods by what they do to the list (PFL502, PFL503).
LIST_GROWING_METHODS = frozenset({"append", "extend", "insert"})
LIST_CHANGING_METHODS = frozenset({"remove", "pop", "clear", "sort", "reverse"})
LIST_SCANNING_METHODS = frozenset({"index", "count"})
LIST_FRONT_METHODS = frozenset({"pop", "insert"})
# Decorators under which a method takes no instance (PFL508).
NOT_INSTANCE_METHOD_DECORATORS = frozenset({"builtins.staticmethod", "builtins.classmethod"})
# Methods of builtin and collections containers that change the container in place.
MUTATING_METHODS = frozenset(
    {"append", "add", "update", "extend", "insert", "pop", "popleft", "setdefault", "clear"}
    | {"remove", "discard"}
)
# Calls that list a directory: as many entries as the folder holds (PFL502, PFL503).
LISTING_CALLS = frozenset(
    {
        "os.listdir",
        "os.scandir",
        "os.walk",
        "glob.glob",
        "glob.iglob",
        "pathlib.Path.iterdir",
        "pathlib.Path.glob",
        "pathlib.Path.rglob",
        "pathlib.Path.walk",
    }
)
# File methods that return every line of the file (PFL502, PFL503).
ALL_LINES_METHODS = frozenset({"readlines"})
# Builtins that copy or reorder an iterable into a list of the same items (PFL502, PFL503).
LIST_COPYING_BUILTINS = frozenset(
    {"builtins.list", "builtins.tuple", "builtins.sorted", "builtins.reversed"}
)
# Builtin containers whose instances cannot be set members or dict keys (PFL502).
UNHASHABLE_TYPES = frozenset(
    {"builtins.list", "builtins.dict", "builtins.set", "builtins.bytearray"}
)
# Class decorators that add ``__eq__`` and, unless told ``frozen=True`` or
# ``unsafe_hash=True``, set ``__hash__`` to None (PFL502).
EQ_CLASS_DECORATORS = frozenset(
    {
        "dataclasses.dataclass",
        "attr.s",
        "attr.attrs",
        "attr.define",
        "attr.mutable",
        "attrs.define",
        "attrs.mutable",
    }
)
# The keywords of those decorators that make instances hashable again (PFL502).
HASHABLE_CLASS_OPTIONS = frozenset({"frozen", "unsafe_hash", "hash"})
# Base classes whose subclasses compare by value and are unhashable unless frozen (PFL502).
UNHASHABLE_BASES = frozenset({"pydantic.BaseModel", *UNHASHABLE_TYPES})
# What a ``collections.deque`` offers in place of a list: methods, and builtins that take
# any iterable; any other use of a list (a slice, ``sort()``, ``+``, passing it to other
# code, returning it) may need a real list (PFL503).
DEQUE_METHODS = frozenset(
    {
        "append",
        "appendleft",
        "extend",
        "extendleft",
        "pop",
        "popleft",
        "insert",
        "remove",
        "clear",
        "count",
        "index",
        "reverse",
        "rotate",
        "copy",
    }
)
ITERABLE_BUILTINS = frozenset(
    {
        "builtins.len",
        "builtins.list",
        "builtins.tuple",
        "builtins.sorted",
        "builtins.set",
        "builtins.frozenset",
        "builtins.reversed",
        "builtins.iter",
        "builtins.any",
        "builtins.all",
        "builtins.sum",
        "builtins.min",
        "builtins.max",
        "builtins.enumerate",
        "builtins.bool",
        "builtins.zip",
    }
)

# Decorators that make a generator function a context manager: ``with f() as x`` binds what
# it yields (the resolver, for every rule).
CONTEXT_MANAGER_DECORATORS = frozenset(
    {"contextlib.contextmanager", "contextlib.asynccontextmanager"}
)
# Decorators that make a method an attribute: ``self.name`` is what the method returns.
PROPERTY_DECORATORS = frozenset({"builtins.property", "functools.cached_property"})
# Annotations of a generator whose first parameter is the type it yields.
YIELDING_ANNOTATIONS = frozenset(
    {
        f"{module}.{name}"
        for module in ("typing", "collections.abc")
        for name in ("Iterator", "Generator", "AsyncIterator", "AsyncGenerator")
    }
)
