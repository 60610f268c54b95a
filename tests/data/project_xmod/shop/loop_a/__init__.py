from shop.loop_b import thing

__all__ = ["thing"]
