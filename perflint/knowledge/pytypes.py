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
