"""Catalogue pages: fine with ten products, hundreds of queries with a thousand."""

from django.core.cache import cache
from django.http import JsonResponse

from .models import Order, Product, Supplier


def catalogue(request):
    rows = []
    for product in Product.objects.filter(stock__gt=0).order_by("name"):
        rows.append({
            "sku": product.sku,
            "supplier": product.supplier.name,
            "categories": [c.title for c in product.categories.all()],
            "price": cache.get(f"price:{product.sku}"),
        })
    return JsonResponse(rows, safe=False)


def supplier_summary(request):
    summary = {}
    for supplier in Supplier.objects.all():
        summary[supplier.name] = {
            "products": Product.objects.filter(supplier=supplier).count(),
            "open_orders": Order.objects.filter(product__supplier=supplier, shipped=False).exists(),
        }
    return JsonResponse(summary)


def order_lines(request):
    orders = Order.objects.filter(shipped=False)
    if orders.count() > 0:
        return JsonResponse([{"order": o.pk, "product": o.product.id} for o in orders], safe=False)
    return JsonResponse([], safe=False)
