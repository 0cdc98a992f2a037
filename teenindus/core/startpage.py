"""The start page's registry: each app contributes the signed-in person's work to "Avaleht".

An app adds a module `startpage.py` that registers a provider:

    from teenindus.core import startpage

    @startpage.provider("people", order=10)
    def people_work(ctx):          # ctx: audit.context.AccessContext, ctx.actor is the user
        return [startpage.Section(...)]

`core` imports none of the apps: the registry loads every installed app's `startpage` module
(`startpage_discover`, called from CoreConfig.ready), the way the admin finds `admin.py`.

A provider decides from the user alone (their permissions, their employee record) what is theirs
to see, reads it through its app's selectors — which write the access log for every person they
return, with `ctx` as who and why — and answers sections of items, each item linking to the page
where the work is done. It answers nothing (an empty list) for a user it has no work for.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_noop

from teenindus.audit.context import AccessContext

# The purpose the start page's reads are logged with (stored in Estonian).
PURPOSE_START_PAGE = gettext_noop("Start page: own work")


@dataclass(frozen=True)
class Action:
    """A button on an item that changes something (POSTed, then back to the start page)."""

    label: str
    url: str


@dataclass(frozen=True)
class Item:
    label: str
    url: str = ""  # where the work is done
    detail: str = ""
    overdue: bool = False
    action: Action | None = None


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    explanation: str = ""


@dataclass
class Section:
    key: str  # unique on the page, used as the HTML id
    title: str
    items: list[Item] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    url: str = ""  # the page with all of it
    more: int = 0  # items left out of the list (shown as "and N more" with the link)
    empty: str = ""  # shown when there are no items and no figures; without it the section is hidden


Provider = Callable[[AccessContext], Iterable[Section]]


@dataclass(frozen=True)
class _Registered:
    key: str
    order: int
    provider: Provider


_PROVIDERS: dict[str, _Registered] = {}


def register(key: str, provider: Provider, *, order: int = 100) -> None:
    """Register (or replace, e.g. when a module is imported again) the provider named `key`."""
    _PROVIDERS[key] = _Registered(key, order, provider)


def provider(key: str, *, order: int = 100):
    """Decorator form of register()."""

    def decorate(func: Provider) -> Provider:
        register(key, func, order=order)
        return func

    return decorate


def providers() -> list[str]:
    return [p.key for p in sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))]


def startpage_discover() -> None:
    """Import every installed app's `startpage` module, which registers its providers."""
    autodiscover_modules("startpage")


def sections_for(*, ctx: AccessContext) -> list[Section]:
    """Every provider's sections for the user in ctx, in the providers' order; sections with
    nothing to show and no `empty` text are left out."""
    out: list[Section] = []
    for registered in sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key)):
        for section in registered.provider(ctx):
            if section.items or section.figures or section.empty:
                out.append(section)
    return out
