from shop.loop_a import thing
