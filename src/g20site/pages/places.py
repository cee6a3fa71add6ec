"""Where an event is held, on a map: a link to OpenStreetMap, never an embedded map or a script.

A place with coordinates gets a pin at them; one with a street address, a
search for that address (a search for the place's name alone finds too
little to be worth a link).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ..load.model import Schedule

OPENSTREETMAP = "https://www.openstreetmap.org/"
ZOOM = 17  # a few streets around the pin


def map_url(schedule: Schedule) -> str | None:
    """The place on OpenStreetMap, or None when there is nothing to look it up by."""
    if schedule.coordinates is not None:
        latitude, longitude = schedule.coordinates
        return f"{OPENSTREETMAP}?{urlencode({'mlat': latitude, 'mlon': longitude})}#map={ZOOM}/{latitude}/{longitude}"
    if schedule.address:
        return f"{OPENSTREETMAP}search?{urlencode({'query': schedule.address}, quote_via=quote)}"
    return None
