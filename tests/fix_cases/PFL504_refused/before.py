def digits(text):
    import re

    return re.compile(r"\d+").findall(text)  # `re` is imported here, not at module level
