import time

import requests


async def wait_and_report(asyncio):
    time.sleep(1)  # `asyncio` is a parameter here: no name to reach the module by
    return asyncio


async def measure():
    slept = time.sleep(0.1)  # the call's value is used: not a statement of its own
    return slept


async def download(url):
    return requests.get(url, timeout=10)  # blocking, but not a sleep: no fix
