"""Every URL pattern of the project, with real arguments filled in, for the walking tests."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass
class Route:
    name: str  # namespaced view name, or the pattern text when unnamed
    pattern: str
    kwarg_names: tuple[str, ...]
    named: bool


def routes() -> list[Route]:
    out: list[Route] = []

    def walk(resolver: URLResolver, namespaces: tuple[str, ...], prefix: str) -> None:
        for entry in resolver.url_patterns:
            text = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespaces + ((entry.namespace,) if entry.namespace else ())
                walk(entry, ns, text)
            elif isinstance(entry, URLPattern):
                kwargs = tuple(_kwarg_names(resolver, entry))
                if entry.name:
                    out.append(Route(":".join(namespaces + (entry.name,)), text, kwargs, True))
                else:
                    out.append(Route(text, text, kwargs, False))

    walk(get_resolver(), (), "")
    return out


def _kwarg_names(resolver, entry) -> list[str]:
    names = list(getattr(entry.pattern, "converters", {}) or {})
    regex = entry.pattern.regex
    names += [n for n in regex.groupindex if n not in names]
    return names


def _admin_model(key: str):
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == key:
            return model
    return None


def _first_pk(model) -> int | None:
    obj = model.objects.order_by("pk").first() if model else None
    return obj.pk if obj else None


def url_for(route: Route, values: dict) -> str | None:
    """A concrete URL for the route, or None when there is no object to point it at."""
    if not route.named:
        # Admin's unnamed redirect admin/<app>/<model>/<path:object_id>/ (to the change page).
        parts = route.pattern.split("/")
        if len(parts) == 5 and parts[0] == "admin" and parts[3] == "<path:object_id>":
            pk = _first_pk(_admin_model(f"{parts[1]}_{parts[2]}"))
            return f"/admin/{parts[1]}/{parts[2]}/{pk}/" if pk is not None else None  # a pk may be 0
        return None
    if route.name == "admin:view_on_site":
        unit = apps.get_model("org", "unit")
        return reverse(
            route.name,
            kwargs={
                "content_type_id": ContentType.objects.get_for_model(unit).pk,
                "object_id": _first_pk(unit),
            },
        )
    kwargs = {}
    for name in route.kwarg_names:
        specific = f"{route.name}.{name}"  # one route's own value, e.g. "people:conversation.pk"
        if specific in values or name in values:
            kwargs[name] = values.get(specific, values.get(name))
        elif name == "object_id":
            # admin:<app>_<model>_<action>
            pk = _first_pk(_admin_model(route.name.split(":", 1)[1].rsplit("_", 1)[0]))
            if pk is None:
                return None
            kwargs[name] = pk
        elif name == "app_label":
            kwargs[name] = "org"
        else:
            return None
    return reverse(route.name, kwargs=kwargs)
