"""Customers' search names folded like the search query (diacritics dropped, sh→s, zh→z), so that
"magi" finds Mägi and "shmidt" finds Šmidt for the customers already stored."""

from django.db import migrations

from teenindus.customers.validators import name_fold


def fold_search_names(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    stale = [
        Customer(pk=pk, search_name=name_fold(name))
        for pk, name, stored in Customer.objects.values_list("pk", "name", "search_name")
        if name_fold(name) != stored
    ]
    Customer.objects.bulk_update(stale, ["search_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [migrations.RunPython(fold_search_names, migrations.RunPython.noop, elidable=True)]
