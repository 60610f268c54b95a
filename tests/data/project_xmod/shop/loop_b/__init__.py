from shop.loop_a import thing

__all__ = ["thing"]
