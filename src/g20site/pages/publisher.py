"""Who publishes the site: as templates show it, and as JSON-LD tells it (pure: no I/O).

Only what ``site.yaml`` says is told: a site without a publisher has no
organisation in its JSON-LD, rather than one named after the site.
"""

from __future__ import annotations

from typing import Any

from ..load.model import Site
from . import urls
from .views import PublisherView


def publisher_view(site: Site, lang: str) -> PublisherView | None:
    publisher = site.config.publisher
    if publisher is None:
        return None
    logo = urls.url(site.config, urls.static_name(publisher.logo, site.static_hashes)) if publisher.logo else None
    image = site.images.get(publisher.logo or "")
    width, height = (image.width, image.height) if image else (None, None)
    return PublisherView(publisher.name[lang], publisher.url, logo, width, height, publisher.email,
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
    if publisher.logo:
        logo: dict[str, Any] = {"@type": "ImageObject",
                                "url": urls.permalink(config, urls.static_name(publisher.logo, site.static_hashes))}
        image = site.images.get(publisher.logo)
        if image is not None:
            logo["width"], logo["height"] = image.width, image.height
        found["logo"] = logo
    if publisher.email:
        found["email"] = publisher.email
    if lang in publisher.address:
        found["address"] = publisher.address[lang]
    if config.social:
        found["sameAs"] = [account.url for account in config.social]
    return found
