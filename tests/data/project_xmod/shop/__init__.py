from shop.models import Repo

from .store import fetch_account as fetch

__all__ = ["Repo", "fetch"]
