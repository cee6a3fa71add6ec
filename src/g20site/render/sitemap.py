"""``sitemap.xml`` with hreflang alternates, and ``robots.txt``."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..load.model import Site
from ..load.settings import SiteConfig
from ..pages import urls
from ..pages.urls import Route, RouteIndex


def sitemap_xml(site: Site, routes: list[Route], index: RouteIndex) -> bytes:
    config = site.config
    dates = {(d.kind, d.key, d.lang): d.date for d in site.documents if d.date}
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
        '        xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for route in routes:
        out += ["  <url>", f"    <loc>{escape(urls.permalink(config, route.path))}</loc>"]
        day = dates.get((route.kind, route.key, route.lang))
        if day:
            out.append(f"    <lastmod>{day.isoformat()}</lastmod>")
        # the same alternates as the page's own <link rel="alternate" hreflang>: the versions that exist
        translations = index.translations(route)
        for code in config.codes:
            if code in translations:
                href = quoteattr(urls.permalink(config, translations[code].path))
                out.append(f'    <xhtml:link rel="alternate" hreflang="{code}" href={href}/>')
        default = translations.get(config.default.code) or next(iter(translations.values()))
        href = quoteattr(urls.permalink(config, default.path))
        out.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={href}/>')
        out.append("  </url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")


def robots_txt(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n".encode()
