from shop.models import Repo
from .store import fetch_account as fetch
