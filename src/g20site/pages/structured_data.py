"""What a page tells the outside: its share image, share links and JSON-LD.

Pure functions of the page's view; ``pages.py`` puts their results into
the template context.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from ..load.model import EVENT, FACT_CHECK, MEETING, Site
from . import urls
from .publisher import organization, organization_id
from .urls import HOME, Route
from .views import Alternate, EventView, PageView, ShareCard, SiteView

SCHEMA = "https://schema.org"
EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed",
                "rescheduled": "EventRescheduled", "moved_online": "EventMovedOnline"}
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "mixed": "MixedEventAttendanceMode"}


def card(site: Site, route: Route, page: PageView, view: SiteView) -> ShareCard:
    """The page's title and the slogan, in the page's language; a fact check's verdict stamped above its title."""
    lang = site.config.language(route.lang)
    slogan = view.slogan.text
    if route.kind == HOME:
        first = view.slogan.renderings[0].text if view.slogan.renderings else view.description
        return ShareCard(slogan, view.title, first, lang.code, lang.direction)
    claim = page.doc.claim if page.doc is not None else None
    if claim is not None:
        stamp = f"{claim.verdict.mark} {claim.verdict.name}"
        return ShareCard(page.title, view.title, slogan, lang.code, lang.direction, stamp, claim.verdict.style)
    return ShareCard(page.title, view.title, slogan, lang.code, lang.direction)


def card_alt(page: PageView) -> str:
    """What the share image says, for readers who cannot see it: a fact check's verdict, then the title."""
    claim = page.doc.claim if page.doc is not None else None
    return f"{claim.verdict.name}: {page.title}" if claim is not None else page.title


def share_links(title: str, permalink: str) -> list[tuple[str, str]]:
    """Plain links that open each network's own share form; no script of theirs runs here. Each is named
    by its network; the e-mail link has no name here: the theme names it in the page's language."""
    both = f"{title} {permalink}"
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": both}, quote_via=quote)),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": permalink}, quote_via=quote)),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"text": title, "url": permalink}, quote_via=quote)),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": permalink, "text": title}, quote_via=quote)),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": permalink})),
        ("", "mailto:?" + urlencode({"subject": title, "body": permalink}, quote_via=quote)),
    ]


def structured_data(
    site: Site, route: Route, page: PageView, view: SiteView, alternates: tuple[Alternate, ...]
) -> list[dict[str, Any]]:
    """JSON-LD for the page: the site on home pages, an article on notes, breadcrumbs inside."""
    lang = route.lang
    found: list[dict[str, Any]] = []
    publisher = organization(site, lang)  # None: site.yaml does not say who publishes the site
    if route.kind == HOME:
        website: dict[str, Any] = {"@context": SCHEMA, "@type": "WebSite", "name": view.title,
                                   "description": view.description, "url": page.permalink, "inLanguage": lang}
        if publisher:
            found.append({"@context": SCHEMA, **publisher})
            website["publisher"] = {"@id": organization_id(site)}
        found.append(website)
        return found
    if route.kind == MEETING and page.doc is not None:
        article: dict[str, Any] = {
            "@context": SCHEMA, "@type": "NewsArticle", "headline": page.title, "description": page.description,
            "inLanguage": lang, "url": page.permalink, "mainEntityOfPage": page.permalink,
            "image": [page.image] if page.image else [],
        }
        if publisher:
            article["publisher"] = publisher
        if page.date:
            article["datePublished"] = page.date.isoformat()
        others = [{"@id": a.permalink, "inLanguage": a.lang.code} for a in alternates if a.exists and not a.current]
        if others:
            key = "workTranslation" if lang == site.config.default.code else "translationOfWork"
            article[key] = others if key == "workTranslation" else others[0]
        found.append(article)
    if route.kind == FACT_CHECK and page.doc is not None:
        found.append(claim_review(site, page, view, lang))
    if route.kind == EVENT and page.doc is not None and page.doc.event is not None:
        found.append(event(site, page, view, page.doc.event, lang))
    crumbs = [*page.breadcrumbs, None]
    found.append({
        "@context": SCHEMA, "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": crumb.title if crumb else page.title,
             "item": urls.permalink(site.config, "") + crumb.url[len(urls.base_path(site.config)):] if crumb
             else page.permalink}
            for number, crumb in enumerate(crumbs, 1)
        ],
    })
    return found



def claim_review(site: Site, page: PageView, view: SiteView, lang: str) -> dict[str, Any]:
    """schema.org ClaimReview: the claim, and the verdict by name as the rating; written and published
    by the site's publisher, when site.yaml names one."""
    assert page.doc is not None and page.doc.claim is not None
    claim = page.doc.claim
    review: dict[str, Any] = {
        "@context": SCHEMA, "@type": "ClaimReview", "url": page.permalink, "headline": page.title,
        "inLanguage": lang, "claimReviewed": claim.text,
        "reviewRating": {"@type": "Rating", "alternateName": claim.verdict.name},
        "image": [page.image],
    }
    publisher = organization(site, lang)
    if publisher:
        review["author"] = review["publisher"] = publisher
    if page.date:
        review["datePublished"] = page.date.isoformat()
    reviewed: dict[str, Any] = {"@type": "Claim"}
    if claim.date:
        reviewed["datePublished"] = claim.date.isoformat()
    if claim.url:
        reviewed["appearance"] = [{"@type": "CreativeWork", "url": claim.url}]
    if len(reviewed) > 1:
        review["itemReviewed"] = reviewed
    return review


def event(site: Site, page: PageView, view: SiteView, shown: EventView, lang: str) -> dict[str, Any]:
    """schema.org Event: when (with the zone's offset), where (a place, online, or both), who, and its status."""
    when = shown.when
    places: list[dict[str, Any]] = []
    if shown.place:
        place: dict[str, Any] = {"@type": "Place", "name": shown.place, "address": shown.address or shown.place}
        if shown.coordinates is not None:
            latitude, longitude = shown.coordinates
            place["geo"] = {"@type": "GeoCoordinates", "latitude": float(latitude), "longitude": float(longitude)}
        places.append(place)
    if shown.online:
        places.append({"@type": "VirtualLocation", "url": shown.online})
    found: dict[str, Any] = {
        "@context": SCHEMA, "@type": "Event", "name": page.title, "description": page.description,
        "url": page.permalink, "inLanguage": lang, "image": [page.image],
        "startDate": when.start.date().isoformat() if when.all_day else when.start.isoformat(),
        "endDate": when.last_day.isoformat() if when.all_day else when.end.isoformat(),
        "eventStatus": f"{SCHEMA}/{EVENT_STATUS[shown.status]}",
        "eventAttendanceMode": f"{SCHEMA}/{ATTENDANCE[shown.attendance]}",
        "location": places[0] if len(places) == 1 else places,
    }
    if shown.organizer:
        organizer = {"@type": "Organization", "name": shown.organizer}
        found["organizer"] = {**organizer, "url": shown.organizer_url} if shown.organizer_url else organizer
    if shown.registration:
        found["offers"] = {"@type": "Offer", "url": shown.registration}
    return found
