def announce(send):
    for channel in list(("email", "sms")):
        send(channel)
    for level in list(
        [  # most severe first
            "error",
            "warning",
        ]
    ):
        send(level)
