"""Python's own types: what builtins and common stdlib constructors return."""

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

RETURNS = {f"builtins.{name}": f"builtins.{name}" for name in _CONSTRUCTORS}
RETURNS.update(
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
    RETURNS[f"builtins.str.{_method}"] = "builtins.str"
for _method in ("join", "strip", "lstrip", "rstrip", "lower", "upper", "replace"):
    RETURNS[f"builtins.bytes.{_method}"] = "builtins.bytes"
for _method in ("split", "rsplit", "splitlines"):
    RETURNS[f"builtins.str.{_method}"] = "builtins.list"
    RETURNS[f"builtins.bytes.{_method}"] = "builtins.list"
RETURNS["builtins.str.encode"] = "builtins.bytes"
RETURNS["builtins.bytes.decode"] = "builtins.str"
RETURNS["builtins.dict.copy"] = "builtins.dict"
RETURNS["builtins.list.copy"] = "builtins.list"
RETURNS["builtins.set.copy"] = "builtins.set"

BASES = {
    "collections.defaultdict": ("builtins.dict",),
    "collections.OrderedDict": ("builtins.dict",),
    "collections.Counter": ("builtins.dict",),
}

# Dict views and other builtin iterables, so rules can tell a view from an iterator.
RETURNS.update(
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
    RETURNS[f"typing.{_alias}"] = f"builtins.{_builtin}"

# File objects: what ``open()`` and friends return, all of them ``io.IOBase``.
RETURNS.update(
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
BASES.update(
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
for _annotation in ("typing.IO", "typing.TextIO", "typing.BinaryIO"):
    BASES[_annotation] = ("io.IOBase",)

# Methods of builtin and collections containers that change the container in place.
MUTATING_METHODS = frozenset(
    {"append", "add", "update", "extend", "insert", "pop", "popleft", "setdefault", "clear"}
    | {"remove", "discard"}
)
