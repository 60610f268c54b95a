import time

import trio


async def tick(channel):
    for n in range(10):
        await channel.send(n)
        time.sleep(1)
