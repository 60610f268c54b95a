import time

import trio


async def tick(channel):
    for n in range(10):
        await channel.send(n)
        await trio.sleep(1)
