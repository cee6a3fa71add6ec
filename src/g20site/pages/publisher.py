"""Who publishes the site: as templates show it, and as JSON-LD tells it (pure: no I/O).

Only what ``site.yaml`` says is told: a site without a publisher has no
organisation in its JSON-LD, rather than one named after the site.
"""

from __future__ import annotations

from typing import Any

from ..load.model import Site
from . import urls
from .views import PublisherView


def _logo(site: Site) -> tuple[str, int | None, int | None] | None:
    """The publisher's logo: its file (as published) and its size when known; None without one, or when
    the file is left out of the site (too large, unreadable: said at static/)."""
    name = site.config.publisher.logo if site.config.publisher else None
    if name is None:
        return None
    image = site.images.get(name)
    if image is not None and image.problem is not None:
        return None
    width, height = (image.width, image.height) if image else (None, None)
    return urls.static_name(name, site.static_hashes), width, height


def publisher_view(site: Site, lang: str) -> PublisherView | None:
    publisher = site.config.publisher
    if publisher is None:
        return None
    logo = _logo(site)
    url, width, height = (urls.url(site.config, logo[0]), logo[1], logo[2]) if logo else (None, None, None)
    return PublisherView(publisher.name[lang], publisher.url, url, width, height, publisher.email,
                         publisher.address.get(lang))


def organization_id(site: Site) -> str:
    return f"{site.config.base_url}#publisher"


def organization(site: Site, lang: str) -> dict[str, Any] | None:
    """schema.org GovernmentOrganization for the publisher, with only what site.yaml gives; None without one."""
    config = site.config
    publisher = config.publisher
    if publisher is None:
        return None
    found: dict[str, Any] = {"@type": "GovernmentOrganization", "@id": organization_id(site),
                             "name": publisher.name[lang]}
    if publisher.url:
        found["url"] = publisher.url
    shown = _logo(site)
    if shown is not None:
        name, width, height = shown
        logo: dict[str, Any] = {"@type": "ImageObject", "url": urls.permalink(config, name)}
        if width and height:
            logo["width"], logo["height"] = width, height
        found["logo"] = logo
    if publisher.email:
        found["email"] = publisher.email
    if lang in publisher.address:
        found["address"] = publisher.address[lang]
    if config.social:
        found["sameAs"] = [account.url for account in config.social]
    return found
