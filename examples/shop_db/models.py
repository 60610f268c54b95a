"""Catalogue models of the example shop."""

from django.db import models


class Supplier(models.Model):
    name = models.CharField(max_length=100)


class Product(models.Model):
    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="products")
    categories = models.ManyToManyField("Category", related_name="products")
    stock = models.IntegerField(default=0)


class Category(models.Model):
    title = models.CharField(max_length=80)


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT)
    quantity = models.IntegerField()
    shipped = models.BooleanField(default=False)
