import asyncio as aio
import time


async def heartbeat(send):
    while True:
        await send("ping")
        await aio.sleep(30)


def main():
    aio.run(heartbeat(print))
