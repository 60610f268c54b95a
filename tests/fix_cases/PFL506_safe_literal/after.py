def announce(send):
    for channel in ("email", "sms"):
        send(channel)
    for level in [  # most severe first
            "error",
            "warning",
        ]:
        send(level)
