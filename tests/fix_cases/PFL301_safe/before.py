"""Retries that sleep inside coroutines."""
import time
from time import sleep

import httpx


async def fetch_with_retry(client: httpx.AsyncClient, url: str):
    for attempt in range(5):
        response = await client.get(url)
        if response.is_success:
            return response
        # back off before the next attempt
        time.sleep(2**attempt)  # seconds
    return None


async def poll(client: httpx.AsyncClient, url: str):
    while True:
        if (await client.get(url)).status_code == 200:
            return
        sleep(
            0.5  # half a second
        )
