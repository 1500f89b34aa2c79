"""Controlled vocabularies. Values are stable API vocabulary; labels are for people."""

from django.db import models


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    SOCIAL_MEDIA_POST = "social_media_post", "Social-media post"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    INTELLIGENCE_ASSESSMENT = "intelligence_assessment", "Intelligence assessment"
    REPORT = "report", "Report"
    OTHER = "other", "Other"


class ActorKind(models.TextChoices):
    STATE = "state", "State"
    ARMED_FORCE = "armed_force", "Armed force"
    MILITARY_UNIT = "military_unit", "Military unit"
    INTELLIGENCE_SERVICE = "intelligence_service", "Intelligence service"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"
    GROUP = "group", "Unspecified group"


class LocationKind(models.TextChoices):
    """What a place is; it is also the precision of anything located there."""

    COUNTRY = "country", "Country"
    REGION = "region", "Region (oblast, krai)"
    DISTRICT = "district", "District (raion)"
    CITY = "city", "City"
    TOWN = "town", "Town or village"
    SITE = "site", "Site"


class DatePrecision(models.TextChoices):
    DAY = "day", "Exact day"
    SPAN = "span", "Span of days (a night over two days, a week)"
    APPROXIMATE = "approximate", "Approximate"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    APPROXIMATELY = "approximately", "Approximately"
    AT_LEAST = "at_least", "At least"
    MORE_THAN = "more_than", "More than"
    AT_MOST = "at_most", "At most"
    RANGE = "range", "Between"


class Rank(models.TextChoices):
    """Wikidata's claim ranks: which of several conflicting claims to use."""

    PREFERRED = "preferred", "Preferred"
    NORMAL = "normal", "Normal"
    DEPRECATED = "deprecated", "Deprecated"


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    LIKELY = "likely", "Likely"
    REPORTED = "reported", "Reported"


class CasualtyKind(models.TextChoices):
    KILLED = "killed", "Killed"
    INJURED = "injured", "Injured"
    KILLED_OR_INJURED = "killed_or_injured", "Killed or injured (not split by the source)"
    MISSING = "missing", "Missing"
    CAPTURED = "captured", "Captured"


class Population(models.TextChoices):
    CIVILIAN = "civilian", "Civilian"
    MILITARY = "military", "Military"
    UNKNOWN = "unknown", "Unknown"


class AgeGroup(models.TextChoices):
    ALL = "all", "All ages"
    CHILDREN = "children", "Children"
    ADULTS = "adults", "Adults"


class Damage(models.TextChoices):
    DESTROYED = "destroyed", "Destroyed"
    HEAVILY_DAMAGED = "heavily_damaged", "Heavily damaged"
    DAMAGED = "damaged", "Damaged"
    NONE = "none", "No damage"
    UNKNOWN = "unknown", "Unknown"


class WaveKind(models.TextChoices):
    WAVE = "wave", "Wave of strikes"
    CAMPAIGN = "campaign", "Campaign"
    OFFENSIVE = "offensive", "Offensive"


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", "Social media"
    PRESS_BRIEFING = "press_briefing", "Press briefing"
    PRESS_RELEASE = "press_release", "Press release"
    INTERVIEW = "interview", "Interview"
    SPEECH = "speech", "Speech"
    TELEVISION = "television", "Television"
    UNKNOWN = "unknown", "Not stated"


class SpeechAct(models.TextChoices):
    CONDEMNATION = "condemnation", "Condemnation"
    APPEAL = "appeal", "Appeal"
    CLAIM = "claim", "Claim"
    DENIAL = "denial", "Denial"
    CONFIRMATION = "confirmation", "Confirmation"
    CONDOLENCE = "condolence", "Condolence"
    WARNING = "warning", "Warning"
    ANNOUNCEMENT = "announcement", "Announcement"


class DeploymentStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    DEPLOYED = "deployed", "Deployed"
    IN_COMBAT = "in_combat", "In combat"
    WITHDRAWN_FROM_FRONT = "withdrawn_from_front", "Withdrawn from the front line"
    WITHDRAWN = "withdrawn", "Withdrawn from the theatre"


class ReviewStatus(models.TextChoices):
    """Where a curated record stands: only published records are public."""

    DRAFT = "draft", "Draft"
    VERIFIED = "verified", "Verified"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class RemovalReason(models.TextChoices):
    """Why a record left the data: deleted outright, or no longer published (retracted, back in draft)."""

    DELETED = "deleted", "Deleted"
    WITHDRAWN = "withdrawn", "Withdrawn from publication"


class SummaryGrouping(models.TextChoices):
    """What a casualty summary can be grouped by; the casualty kind is always a group."""

    KIND = "kind", "Casualty kind (always a group)"
    LOCATION = "location", "Place, rolled up to the chosen administrative level"
    DAY = "day", "Day of the figure's first date"
    WEEK = "week", "Week (from Monday) of the figure's first date"
    MONTH = "month", "Month of the figure's first date"
    PERPETRATOR = "perpetrator", "Perpetrator of the attack, else of its wave or of the figure's wave"
    POPULATION = "population", "Population (civilian, military)"
    WAVE = "wave", "Wave, of the figure or of its attack"
    DEPLOYMENT = "deployment", "Force deployment"


class LocationScope(models.TextChoices):
    """How the places of a summary group's figures relate to the administrative level asked for."""

    AT_LEVEL = "at_level", "Every place lies in (or is) the group's place of the chosen level"
    OUTSIDE_LEVEL = "outside_level", "The place lies in no place of the chosen level; grouped under itself"
    SEVERAL_PLACES = "several_places", "The figure's places lie in more than one place of the chosen level"
    NO_PLACE = "no_place", "Neither the figure nor its attack has a place"


class FigureType(models.TextChoices):
    """The kinds of claimed figure in a figure history."""

    CASUALTY = "casualty", "Casualty figure"
    FORCE_STRENGTH = "force_strength", "Troop strength"
    DEPLOYMENT_STATUS = "deployment_status", "Deployment status"
