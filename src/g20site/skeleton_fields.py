"""The front matter fields ``g20site new`` explains in a new file, per kind, and the headings of its text.

Every word here is a message (an English msgid, translated in the tool's catalog), put into
words in the language of the file it goes into (``skeletons.py``). An example is a line as it
may look once filled in: it only ever goes into a comment, never into a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from .load.model import EVENT, FACT_CHECK, MEETING, PAGE
from .load.settings import SiteConfig
from .messages import Message, Words


@dataclass(frozen=True)
class Field:
    key: str
    name: Words  # what it is: "Summary"
    help: Words  # what to write
    example: Words | str = ""  # a line as it may look once filled in; a str is the same in every language
    required: bool = False


def _summary(example: Message, required: bool = True) -> Field:
    help = Message("one or two sentences, shown in lists, in search results and when the page is shared.")
    return Field("summary", Message("Summary"), help, example, required)


def _date(help: Message) -> Field:
    return Field("date", Message("Date"), help, required=True)


_TAGS = Field("tags", Message("Tags"),
              Message("a few words that group it with related content, in square brackets, separated by commas."),
              Message("tags: [g20, public relations]"))
_SOURCES_EXAMPLE = Message('sources:\n  - title: "Title of the article or document"\n'
                           "    publisher: Ministry of State Secretariat\n    url: https://www.setneg.go.id/...")
_SOURCES = Field("sources", Message("Sources"),
                 Message("where the facts come from: for each, its title, publisher and web address."),
                 _SOURCES_EXAMPLE)
SOURCES_FIELD = _SOURCES  # the editor (serve --edit) offers it on pages too
_IMAGE = (
    Field("image", Message("Image"),
          Message("a picture for the page and for link previews: a file in the static/ folder."),
          Message("image: /images/meeting.jpg")),
    Field("image_alt", Message("Image description"),
          Message("what the picture shows, for readers who cannot see it."),
          Message('image_alt: "Participants around the meeting table"')),
)

MEETING_FIELDS = (
    _date(Message("the day of the meeting, YYYY-MM-DD: the same as the date at the start of the file name.")),
    _summary(Message('summary: "Ministries agreed on a joint schedule of press releases for the summit."')),
    Field("participants", Message("Participants"),
          Message("who took part, each on its own line starting with a hyphen (-)."),
          Message("participants:\n  - Ministry of Communication and Informatics\n  - Presidential Staff Office")),
    Field("agenda", Message("Agenda"),
          Message("what was discussed, each item on its own line starting with a hyphen (-)."),
          Message("agenda:\n  - Press release schedule for the summit")),
    _TAGS,
    _SOURCES,
    *_IMAGE,
)

EVENT_FIELDS = (
    _summary(Message('summary: "Leaders of the G20 members meet in Nusa Dua, Bali."')),
    Field("start", Message("Start"),
          Message("when it starts: YYYY-MM-DD HH:MM in the time zone below, or YYYY-MM-DD alone for a whole day."),
          "start: 2022-11-15 09:00", required=True),
    Field("end", Message("End"),
          Message("when it ends, written like the start; leave it empty only for a whole-day event of one day."),
          "end: 2022-11-15 17:00", required=True),
    Field("all_day", Message("Whole day"),
          Message("true for an event of whole days (dates without times), or one whose hours you cannot source: "
                  "do not guess hours."), "all_day: true"),
    Field("timezone", Message("Time zone"),
          Message("the zone of the start and end: WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9)."),
          "timezone: WITA", required=True),
    Field("place", Message("Place"),
          Message("where it is held. For an event that is only online, leave it empty and fill in online."),
          Message("place: Bali Nusa Dua Convention Center"), required=True),
    Field("address", Message("Street address"), Message("the address of the place."),
          Message("address: Kawasan Pariwisata Nusa Dua, Bali")),
    Field("coordinates", Message("Coordinates"),
          Message("the latitude and longitude of the place as a map shows them, for a link to it on "
                  "OpenStreetMap; without them, the link searches for the address."),
          "coordinates: -8.7995, 115.2340"),
    Field("online", Message("Online"), Message("a link to follow it online; required when there is no place."),
          "online: https://www.youtube.com/..."),
    Field("organizer", Message("Organizer"), Message("who organizes it."),
          Message("organizer: Ministry of State Secretariat")),
    Field("organizer_url", Message("Organizer's website"), Message("the organizer's web address."),
          "organizer_url: https://www.setneg.go.id/"),
    Field("registration", Message("Registration"), Message("a link to register; shown until the event is over."),
          "registration: https://..."),
    Field("status", Message("Status"),
          Message("scheduled; if that changes, write cancelled, postponed, rescheduled or moved_online.")),
    _SOURCES,
    _TAGS,
    *_IMAGE,
)

PAGE_FIELDS = (
    _summary(Message('summary: "Who runs this site, and how to reach us."'), required=False),
    *_IMAGE,
)


def fact_check_fields(config: SiteConfig, lang: str) -> tuple[Field, ...]:
    """The fields of a fact check; its verdict lists the site's verdicts, named in ``lang``."""
    return (
        _date(Message("the day the fact check is published, YYYY-MM-DD: the same as the date at the start of "
                      "the file name.")),
        _summary(Message('summary: "A video claims the President refused Malaysia as a G20 member; '
                         'he made no such statement."')),
        Field("claim", Message("Claim"), Message("the claim as it circulated, in one sentence."),
              Message('claim: "The President refused Malaysia as a full member of the G20"'), required=True),
        Field("claim_seen_on", Message("Seen on"), Message("where the claim circulated."),
              "claim_seen_on: Facebook, WhatsApp"),
        Field("claim_date", Message("Claim date"), Message("when the claim circulated, YYYY-MM-DD."),
              "claim_date: 2022-11-10"),
        Field("claim_url", Message("Copy of the claim"), Message("a link to a copy of it, e.g. an archive link."),
              "claim_url: https://web.archive.org/web/..."),
        _verdict(config, lang),
        Field("finding", Message("Finding"),
              Message("what the facts are, in one sentence: the headline of the page, of lists and of the picture "
                      "shown when the page is shared. Without it, the title is the headline."),
              Message('finding: "The President refused no one: Malaysia is not a member of the G20"')),
        Field("sources", Message("Sources"),
              Message("where the facts come from: at least one, with its web address (url)."),
              _SOURCES_EXAMPLE, required=True),
        _TAGS,
        *_IMAGE,
    )


def _verdict(config: SiteConfig, lang: str) -> Field:
    if not config.verdicts:
        help = Message("content/site.yaml lists no verdicts yet: add them under verdicts, then write the key "
                       "of one here.")
        return Field("verdict", Message("Verdict"), help, required=True)
    choices = ", ".join(f"{v.key} ({v.name.get(lang, v.key)})" for v in config.verdicts)
    help = Message("the key of one of the verdicts in content/site.yaml: {choices}.").format(choices=choices)
    return Field("verdict", Message("Verdict"), help, f"verdict: {config.verdicts[0].key}", required=True)


def fields(config: SiteConfig, kind: str, lang: str) -> tuple[Field, ...]:
    """What a new document of ``kind`` explains, between its title and its draft line."""
    if kind == FACT_CHECK:
        return fact_check_fields(config, lang)
    return {MEETING: MEETING_FIELDS, EVENT: EVENT_FIELDS, PAGE: PAGE_FIELDS}[kind]


HEADINGS = {
    MEETING: (Message("Discussion"), Message("Outcomes"), Message("Follow-up")),
    FACT_CHECK: (Message("Explanation"), Message("Conclusion")),
    EVENT: (Message("About the event"), Message("Programme"), Message("How to take part")),
    PAGE: (),
}

WHAT = {
    MEETING: Message("Meeting note in {language}."),
    FACT_CHECK: Message("Fact check in {language}."),
    EVENT: Message("Event in {language}."),
    PAGE: Message("Page in {language}."),
}

# The values a new file starts with; any other field starts empty.
STARTING_VALUES = {"status": "scheduled"}
