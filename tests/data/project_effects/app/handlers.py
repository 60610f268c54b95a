import asyncio

from app.store import fetch_async, wait_for_lock


async def handle():
    wait_for_lock()


async def handle_in_thread():
    await asyncio.to_thread(wait_for_lock)


async def handle_awaited(account_id):
    return await fetch_async(account_id)
