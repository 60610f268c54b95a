from shop.loop_b import thing
