"""The results store: what `check --store` keeps, and the inspector's loop on it —
review (复核), appeal (申诉), sampling (抽检), final scores and rule statistics."""

from .db import DEFAULT_STORE, Store, StoreError

__all__ = ["DEFAULT_STORE", "Store", "StoreError"]
