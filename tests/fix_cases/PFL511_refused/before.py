def print_names(settings: dict):
    for (
        name,  # the key
        value,
    ) in settings.items():
        print(name)
