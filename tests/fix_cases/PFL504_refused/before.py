try:
    import regex as re
except ImportError:  # `re` is bound in a `try`, not by an import at the top of the module
    import re


def digits(texts):
    import re  # imported here, not at module level: a module constant could not use it

    return [re.compile(r"\d+").findall(text) for text in texts]


def words(texts):
    for text in texts:
        yield re.compile(r"\w+").findall(text)
