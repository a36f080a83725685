"""The scenario model: the typed form of a scenario file, validated field by field.

Every interface of the simulator reads these objects (through `World` and its representation index); none of
them reads YAML. Field names follow the Dutch vocabulary of the BRP, the judiciary and DigiD where the concept is
Dutch law (gezag, machtiging, curatele, bewind); see scenarios/README.md for the format reference.

Values that depend on "today" (relative dates) and the BSN elfproef switch come from the validation context,
which the loader fills in: ``{"today": date, "allow_invalid_bsn": bool}``.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from .clock import parse_date
from .identifiers import ENTITY_ID, ETOEGANG_ENTITY_ID, bsn_problem, elfproef, kvk_problem, oin_problem


def _today(info: ValidationInfo) -> dt.date:
    context = info.context or {}
    return context.get("today") or dt.date.today()


# The plain ISO dates read so far (a century of days is some 37,000): a generated world has a quarter of a
# million dates, most of them plain ISO dates, and one lookup is the cheapest way through (this validator was a
# tenth of its load time).
_ISO_DATES: dict[str, dt.date] = {}
_ISO_DATES_MAX = 65536


def _to_date(value: object, info: ValidationInfo) -> object:
    # The common case first, without the validation context.
    try:
        return _ISO_DATES[value]  # type: ignore[index]
    except (KeyError, TypeError):
        pass
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass  # parse_date below says what is wrong with it
        else:
            if len(_ISO_DATES) < _ISO_DATES_MAX:
                _ISO_DATES[value] = day
            return day
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        return parse_date(value, _today(info))
    raise ValueError(f"{value!r} is not a date")


def _to_wall_clock_date(value: object) -> object:
    # `scenario.vandaag` is itself the reference for relative dates, so a relative vandaag counts from the wall clock.
    return parse_date(value, dt.date.today()) if isinstance(value, str) else value


def _check_bsn(value: str, info: ValidationInfo) -> str:
    if elfproef(value):  # the common case first: a load of 100k persons checks some 200k numbers
        return value
    problem = bsn_problem(value)
    if problem is None:
        return value
    allow_invalid = bool((info.context or {}).get("allow_invalid_bsn"))
    if allow_invalid and problem.endswith("fails the elfproef"):
        # BRP test suites use numbers like 000000012 that fail the elfproef; the scenario flag
        # `allow_invalid_bsn` lets a world hold them, exactly as the real BRP test environment does.
        return value
    if problem.endswith("fails the elfproef"):
        problem += " (set scenario.allow_invalid_bsn: true to allow BRP-only test numbers)"
    raise ValueError(problem)


def _check(problem_of):  # type: ignore[no-untyped-def]
    def check(value: str) -> str:
        problem = problem_of(value)
        if problem:
            raise ValueError(problem)
        return value

    return check


def _check_entity_id(value: str) -> str:
    if not ENTITY_ID.match(value):
        raise ValueError(f"{value!r} is not an eID entity ID (urn:nl-eid-gdi:1.0:<ROLE>:<20-digit OIN>:entities:<4 digits>)")
    return value


class _DateSchema:
    """How a `Date` is read: by `_to_date`, except that a plain ISO date in JSON text (a generated world's item
    lines, `loader._from_json_line`) is read by pydantic itself, which takes exactly ``YYYY-MM-DD`` there.

    Calling `_to_date` for each of the quarter of a million dates of 100k generated persons is a fifth of their
    validation. Only text that validates is read this way; any error is reported by the Python path."""

    @staticmethod
    def __get_pydantic_core_schema__(source: type, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        python = core_schema.with_info_before_validator_function(_to_date, handler(source))
        json = core_schema.union_schema([core_schema.date_schema(strict=True), python], mode="left_to_right")
        return core_schema.json_or_python_schema(json_schema=json, python_schema=python)


Date = Annotated[dt.date, _DateSchema]
Bsn = Annotated[str, AfterValidator(_check_bsn)]
Kvk = Annotated[str, AfterValidator(_check(kvk_problem))]
Rsin = Annotated[str, AfterValidator(_check(bsn_problem))]
Oin = Annotated[str, AfterValidator(_check(oin_problem))]
EntityId = Annotated[str, AfterValidator(_check_entity_id)]
GemeenteCode = Annotated[str, Field(pattern=r"^[0-9]{4}$")]
ServiceRef = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    """Base of every scenario object: unknown keys are errors (a typo must not silently do nothing)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True)


class DigidLevel(enum.IntEnum):
    """DigiD levels of assurance with DigiD's own numbers, so they compare as levels."""

    basis = 10
    midden = 20
    substantieel = 25
    hoog = 30


LevelName = Literal["basis", "midden", "substantieel", "hoog"]

# The eID level-of-assurance URI of each DigiD level, as DigiD states it (SAML AuthnContextClassRef, OIDC `acr`).
LOA_URI: dict[str, str] = {
    "basis": "http://eID.logius.nl/LoA/basic",  # as DigiD's DDCC code writes it (DDCC variation basic_loa_lowercase)
    "midden": "http://eidas.europa.eu/LoA/low",
    "substantieel": "http://eidas.europa.eu/LoA/substantial",
    "hoog": "http://eidas.europa.eu/LoA/high",
}


class Grond(str, enum.Enum):
    """The ground on which one person acts for another."""

    vrijwillig = "vrijwillig"  # DigiD Machtigen: a voluntary machtiging
    ouderlijk_gezag = "ouderlijk_gezag"
    voogdij = "voogdij"  # gezag by a third party (voogd, or the derde in gezamenlijk gezag)
    curatele = "curatele"
    beschermingsbewind = "beschermingsbewind"
    mentorschap = "mentorschap"


class Naam(Strict):
    voornamen: str | None = None
    voorvoegsel: str | None = None
    geslachtsnaam: str = Field(min_length=1)
    # BRP table 38 codes: titles B BS G GI H HI M MI P PS R RI, predicates JH JV.
    adellijke_titel: Literal["B", "BS", "G", "GI", "H", "HI", "M", "MI", "P", "PS", "R", "RI", "JH", "JV"] | None = None


class Adres(Strict):
    straat: str
    # Both may be unknown in the BRP (GBA standard value 0 for huisnummer, no postcode): a persoonslijst can say so.
    huisnummer: int | None = Field(default=None, ge=1, le=99999)
    huisletter: str | None = Field(default=None, pattern=r"^[a-zA-Z]$")
    huisnummertoevoeging: str | None = Field(default=None, max_length=4)
    postcode: str | None = Field(default=None, pattern=r"^[1-9][0-9]{3}[A-Z]{2}$")
    woonplaats: str
    gemeente: GemeenteCode
    gemeentenaam: str | None = None
    nummeraanduiding_id: str | None = Field(default=None, pattern=r"^[0-9]{16}$")
    adresseerbaar_object_id: str | None = Field(default=None, pattern=r"^[0-9]{16}$")
    sinds: Date | None = None


class Buitenland(Strict):
    """Residence abroad (RNI): the person has no Dutch address."""

    land: str
    adres: str | None = None
    sinds: Date | None = None


class Partnerschap(Strict):
    partner: Bsn
    soort: Literal["huwelijk", "partnerschap"] = "huwelijk"
    sinds: Date
    tot: Date | None = None
    reden_ontbinding: Literal["echtscheiding", "overlijden", "ontbinding", "nietigverklaring"] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Partnerschap":
        if self.tot is not None and self.tot < self.sinds:
            raise ValueError(f"tot ({self.tot}) precedes sinds ({self.sinds})")
        return self


class Persoon(Strict):
    bsn: Bsn
    naam: Naam
    geslacht: Literal["M", "V", "O"]
    geboortedatum: Date
    geboorteplaats: str | None = None
    geboorteland: str | None = "Nederland"
    overlijdensdatum: Date | None = None
    adres: Adres | None = None
    buitenland: Buitenland | None = None
    ouders: list[Bsn] = Field(default_factory=list, max_length=2)
    partners: list[Partnerschap] = Field(default_factory=list)
    # The highest DigiD level this person holds; "geen" means no DigiD at all.
    digid: LevelName | Literal["geen"] = "midden"
    # BRP geheimhouding persoonsgegevens (0 = none .. 7).
    geheimhouding: int = Field(default=0, ge=0, le=7)
    # Scenario-only note shown in the explorer (e.g. which training story this persona belongs to).
    toelichting: str | None = None

    @model_validator(mode="after")
    def _facts(self) -> "Persoon":
        if self.overlijdensdatum is not None and self.overlijdensdatum < self.geboortedatum:
            raise ValueError(f"overlijdensdatum ({self.overlijdensdatum}) precedes geboortedatum ({self.geboortedatum})")
        if self.adres is not None and self.buitenland is not None:
            raise ValueError("a person has either adres or buitenland, not both")
        if len(set(self.ouders)) != len(self.ouders):
            raise ValueError("ouders lists the same person twice")
        return self

    @property
    def gemeente_van_inschrijving(self) -> str | None:
        """Dutch municipality code, '1999' (RNI) for residents abroad, None when unknown."""
        if self.adres is not None:
            return self.adres.gemeente
        if self.buitenland is not None:
            return "1999"
        return None

    @property
    def digid_level(self) -> DigidLevel | None:
        return None if self.digid == "geen" else DigidLevel[self.digid]

    def volledige_naam(self) -> str:
        """Name as BRP's `volledigeNaam` writes it: voornamen, voorvoegsel, geslachtsnaam."""
        parts = [self.naam.voornamen, self.naam.voorvoegsel, self.naam.geslachtsnaam]
        return " ".join(p for p in parts if p)

    def korte_naam(self) -> str:
        """Initials and surname, as a portal greets someone: "J. de Vries"."""
        initials = "".join(f"{v[0]}." for v in (self.naam.voornamen or "").split())
        parts = [initials, self.naam.voorvoegsel, self.naam.geslachtsnaam]
        return " ".join(p for p in parts if p)


EhLevel = Literal["EH2", "EH2+", "EH3", "EH4"]
EH_LEVELS: tuple[str, ...] = ("EH2", "EH2+", "EH3", "EH4")  # in rising order
# Levels of assurance as AuthnContextClassRef (afsprakenstelsel, "Level of assurance"): eHerkenning's SAML and `acr`.
EH_LOA_URI: dict[str, str] = {
    "EH2": "urn:etoegang:core:assurance-class:loa2",
    "EH2+": "urn:etoegang:core:assurance-class:loa2plus",
    "EH3": "urn:etoegang:core:assurance-class:loa3",
    "EH4": "urn:etoegang:core:assurance-class:loa4",
}
# Their eIDAS equivalents (afsprakenstelsel, "Level of assurance").
EH_EIDAS: dict[str, str] = {
    "EH2": "http://eidas.europa.eu/LoA/low",
    "EH2+": "http://eidas.europa.eu/LoA/low",
    "EH3": "http://eidas.europa.eu/LoA/substantial",
    "EH4": "http://eidas.europa.eu/LoA/high",
}
# The level a service of the scenario needs, from its DigiD level (a catalogue service states one level).
EH_FOR_DIGID: dict[str, str] = {"basis": "EH2", "midden": "EH2+", "substantieel": "EH3", "hoog": "EH4"}
Vestigingsnummer = Annotated[str, Field(pattern=r"^[0-9]{12}$")]


class EherkenningMachtiging(Strict):
    """An eHerkenning machtiging of one employee: which services they may use, for whom, from when to when."""

    diensten: list[ServiceRef] = Field(min_length=1)
    # Ketenmachtiging: the organisation (KvK) this one acts for as intermediary; None: for its own organisation.
    namens: Kvk | None = None
    # A machtiging for one branch only: the vestigingsnummer is then part of the LegalSubject.
    vestigingsnummer: Vestigingsnummer | None = None
    # "Namens een natuurlijk persoon": the employee may use these services for the persons the organisation
    # represents (bewind, curatele or mentorschap held by the organisation; see wettelijke_vertegenwoordiging).
    natuurlijke_personen: bool = False
    ingangsdatum: Date | None = None
    einddatum: Date | None = None

    @model_validator(mode="after")
    def _facts(self) -> "EherkenningMachtiging":
        if self.ingangsdatum and self.einddatum and self.einddatum < self.ingangsdatum:
            raise ValueError(f"einddatum ({self.einddatum}) precedes ingangsdatum ({self.ingangsdatum})")
        if self.natuurlijke_personen and self.namens is not None:
            raise ValueError("natuurlijke_personen is for the organisation's own clients, not via another organisation (namens)")
        return self

    def valid_on(self, day: dt.date) -> bool:
        return (self.ingangsdatum is None or self.ingangsdatum <= day) and (self.einddatum is None or day <= self.einddatum)


class EherkenningMedewerker(Strict):
    """An employee's eHerkenning means (with its level) and their machtigingen."""

    bsn: Bsn
    niveau: EhLevel = "EH3"
    machtigingen: list[EherkenningMachtiging] = Field(default_factory=list)


class Organisatie(Strict):
    kvk: Kvk
    naam: str
    rsin: Rsin | None = None
    vestigingsnummer: str | None = Field(default=None, pattern=r"^[0-9]{12}$")
    oin: Oin | None = None
    # Persons who may act for the organisation (eHerkenning "acting subjects"), e.g. a bewind office's staff.
    medewerkers: list[Bsn] = Field(default_factory=list)
    # For an eenmanszaak: the natural person who is the business (the edge case "entity vs eenmanszaak").
    eenmanszaak_van: Bsn | None = None
    plaats: str | None = None
    # The organisation's eHerkenning: employees with their means and machtigingen (the eHerkenning door).
    eherkenning: list[EherkenningMedewerker] = Field(default_factory=list)


class Dienst(Strict):
    """A service of the catalogue (dienstencatalogus): defined once, offered by many providers."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    uuid: str = Field(pattern=r"^[0-9a-fA-F-]{36}$")
    naam: str
    loa: LevelName = "midden"
    # The grounds of representation this service accepts.
    vertegenwoordiging: list[Grond] = Field(default_factory=list)
    # Financial (vermogensrechtelijk) services are what bewind covers; personal ones are mentorschap's domain.
    soort: Literal["vermogensrechtelijk", "niet_vermogensrechtelijk"] = "vermogensrechtelijk"
    # Goods the service concerns, matched against bewind over "bepaalde goederen".
    goederen: list[str] = Field(default_factory=list)
    # ST-SAML RepresentationType URN sent for legal representation; None: the simulator's default per ground.
    representation_type: str | None = None
    omschrijving: str | None = None
    sector: Literal["gemeente", "zorg", "rijk", "overig"] = "gemeente"
    # Only for ouderlijk gezag: the age below which a parent may act (Zorg_Volledig_Gezag_Kind: under 12).
    max_leeftijd_kind: int | None = Field(default=None, ge=1, le=18)


GezagType = Literal[
    "GezamenlijkOuderlijkGezag",
    "EenhoofdigOuderlijkGezag",
    "GezamenlijkGezag",
    "Voogdij",
    "TijdelijkGeenGezag",
    "GezagNietTeBepalen",
]


class GezagEntry(Strict):
    """Gezag over a minor as registered (gezagsregister, court decisions); overrides the derivation rules."""

    minderjarige: Bsn
    type: GezagType
    ouder: Bsn | None = None
    ouders: list[Bsn] = Field(default_factory=list)
    # GezamenlijkGezag: the third party; "onbekend" gives BRP's OnbekendeDerde.
    derde: Bsn | Literal["onbekend"] | None = None
    derden: list[Bsn] = Field(default_factory=list, max_length=2)
    toelichting: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> "GezagEntry":
        wanted: dict[str, set[str]] = {
            "GezamenlijkOuderlijkGezag": {"ouders"},
            "EenhoofdigOuderlijkGezag": {"ouder"},
            "GezamenlijkGezag": {"ouder", "derde"},
            "Voogdij": {"derden"},
            "TijdelijkGeenGezag": {"toelichting"},
            "GezagNietTeBepalen": {"toelichting"},
        }[self.type]
        given = {name for name in ("ouder", "ouders", "derde", "derden", "toelichting") if getattr(self, name)}
        missing = wanted - given - ({"derden"} if self.type == "Voogdij" else set())
        extra = given - wanted - {"toelichting"}
        if missing:
            raise ValueError(f"type {self.type} needs {', '.join(sorted(missing))}")
        if extra:
            raise ValueError(f"type {self.type} takes no {', '.join(sorted(extra))}")
        if self.type == "GezamenlijkOuderlijkGezag" and (len(self.ouders) != 2 or self.ouders[0] == self.ouders[1]):
            raise ValueError("GezamenlijkOuderlijkGezag needs exactly two different ouders")
        return self

    def holders(self) -> list[str]:
        """BSNs of the persons who hold this gezag."""
        result = list(self.ouders) + list(self.derden)
        if self.ouder:
            result.append(self.ouder)
        if self.derde and self.derde != "onbekend":
            result.append(self.derde)
        return result


Soort = Literal["beschermingsbewind", "curatele", "mentorschap", "provisioneel_bewind"]


class Vertegenwoordiger(Strict):
    """One representative of a measure: a natural person, or an organisation acting through its staff."""

    persoon: Bsn | None = None
    organisatie: Kvk | None = None
    # The organisation's staff who may act in this case; empty means all its medewerkers.
    medewerkers: list[Bsn] = Field(default_factory=list)
    ingangsdatum: Date | None = None
    einddatum: Date | None = None
    status: Literal["actief", "geschorst", "beeindigd"] = "actief"
    zelfstandig_bevoegd: bool = True
    taakverdeling: str | None = None
    # A temporary representative (e.g. during suspension of the regular one).
    tijdelijk: bool = False
    # A professional representative (3 or more clients in law); None: derived from the number of clients.
    professioneel: bool | None = None

    @model_validator(mode="after")
    def _one_of(self) -> "Vertegenwoordiger":
        if (self.persoon is None) == (self.organisatie is None):
            raise ValueError("give exactly one of persoon or organisatie")
        if self.medewerkers and self.organisatie is None:
            raise ValueError("medewerkers only go with organisatie")
        if self.ingangsdatum and self.einddatum and self.einddatum < self.ingangsdatum:
            raise ValueError(f"einddatum ({self.einddatum}) precedes ingangsdatum ({self.ingangsdatum})")
        return self


class Maatregel(Strict):
    """A measure of wettelijke vertegenwoordiging as the judiciary registers it (Boek 1 BW titles 16, 19, 20)."""

    zaaknummer: str = Field(pattern=r"^[A-Za-z0-9/._ -]{3,40}$")
    soort: Soort
    vertegenwoordigde: Bsn
    vertegenwoordigers: list[Vertegenwoordiger] = Field(min_length=1)
    rechtbank: str = "Rechtbank Midden-Nederland"
    grond: Literal["lichamelijke_of_geestelijke_toestand", "verkwisting_of_problematische_schulden", "drank_of_drugsmisbruik"] = (
        "lichamelijke_of_geestelijke_toestand"
    )
    # Default per soort: bewind alle_goederen, curatele persoon_en_vermogen, mentorschap niet_vermogensrechtelijk.
    omvang: Literal["alle_goederen", "bepaalde_goederen", "persoon_en_vermogen", "niet_vermogensrechtelijk"] | None = None
    goederen: list[str] = Field(default_factory=list)
    omvang_omschrijving: str | None = None
    # "toekomstig" is not written: a measure whose ingangsdatum lies after today is reported as such.
    status: Literal["aangevraagd", "actief", "geschorst", "beeindigd"] = "actief"
    datum_beschikking: Date | None = None
    ingangsdatum: Date | None = None
    einddatum: Date | None = None
    reden_beeindiging: Literal["termijn", "overlijden", "opheffing", "hoger_beroep"] | None = None
    gepubliceerd_in_ccbr: bool | None = None

    @model_validator(mode="after")
    def _facts(self) -> "Maatregel":
        if self.ingangsdatum and self.einddatum and self.einddatum < self.ingangsdatum:
            raise ValueError(f"einddatum ({self.einddatum}) precedes ingangsdatum ({self.ingangsdatum})")
        if self.status != "aangevraagd" and self.ingangsdatum is None:
            raise ValueError(f"a measure with status {self.status} needs an ingangsdatum")
        if self.omvang == "bepaalde_goederen" and not self.goederen:
            raise ValueError("omvang bepaalde_goederen needs the goederen it covers")
        if self.soort == "curatele" and len(self.vertegenwoordigers) > 2:
            raise ValueError("curatele has at most two curatoren (art. 1:383 BW)")
        return self

    @property
    def effectieve_omvang(self) -> str:
        if self.omvang is not None:
            return self.omvang
        return {
            "beschermingsbewind": "alle_goederen",
            "provisioneel_bewind": "alle_goederen",
            "curatele": "persoon_en_vermogen",
            "mentorschap": "niet_vermogensrechtelijk",
        }[self.soort]

    @property
    def in_ccbr(self) -> bool:
        """Mentorschap is never in the public register; others are unless marked unpublished."""
        if self.soort == "mentorschap":
            return False
        return True if self.gepubliceerd_in_ccbr is None else self.gepubliceerd_in_ccbr


class Gemachtigde(Strict):
    bsn: Bsn | None = None
    kvk: Kvk | None = None

    @model_validator(mode="after")
    def _one_of(self) -> "Gemachtigde":
        if (self.bsn is None) == (self.kvk is None):
            raise ValueError("give exactly one of bsn or kvk")
        return self


class Machtiging(Strict):
    """A voluntary machtiging (DigiD Machtigen)."""

    id: str | None = None
    machtiginggever: Bsn
    gemachtigde: Gemachtigde
    diensten: list[ServiceRef] = Field(min_length=1)
    ingangsdatum: Date | None = None
    einddatum: Date | None = None
    status: Literal["actief", "ingetrokken", "aangevraagd"] = "actief"

    @model_validator(mode="after")
    def _facts(self) -> "Machtiging":
        if self.ingangsdatum and self.einddatum and self.einddatum < self.ingangsdatum:
            raise ValueError(f"einddatum ({self.einddatum}) precedes ingangsdatum ({self.ingangsdatum})")
        if self.gemachtigde.bsn is not None and self.gemachtigde.bsn == self.machtiginggever:
            raise ValueError("a machtiging to oneself: machtiginggever and gemachtigde.bsn are the same person")
        return self


class DienstverlenerEntry(Strict):
    """A DV behind a connection (LC), with the encryption certificate DigiD encrypts its subject IDs for."""

    entity_id: EntityId
    encryption_certificate: str | None = None
    encryption_key_name: str | None = None
    diensten: list[ServiceRef] = Field(default_factory=list)


Door = Literal["ddcc", "digid", "eherkenning"]
MAX_ENTITY_ID = 1024


class ServiceProvider(Strict):
    """A connection of a SAML door (DDCC unless `door` says otherwise): given by its signed SP metadata, or by the
    short form from which the same model is built."""

    # Declared before entity_id: the entity ID's format depends on the door.
    door: Door = "ddcc"
    entity_id: str
    naam: str | None = None
    # Path of a signed md:EntitiesDescriptor (relative to the scenario file).
    metadata: str | None = None
    # eHerkenning: the DV's dienstencatalogus (esc:ServiceCatalogue, as it hands it to the herkenningsmakelaar),
    # which maps its ServiceIDs (AttributeConsumingServiceIndex) to ServiceUUIDs of the scenario's services.
    service_catalogue: str | None = None
    # Short form: certificate paths (PEM, relative to the scenario file) and endpoints.
    signing_certificate: str | None = None
    encryption_certificate: str | None = None
    encryption_key_name: str | None = None
    acs: list[str] = Field(default_factory=list)
    slo: list[str] = Field(default_factory=list)
    # The services this connection may request; empty means the whole catalogue.
    diensten: list[ServiceRef] = Field(default_factory=list)
    # Further DVs behind this connection (an LC); the connection itself is the DV when empty.
    dienstverleners: list[DienstverlenerEntry] = Field(default_factory=list)

    @field_validator("entity_id")
    @classmethod
    def _entity_id_of_door(cls, value: str, info: ValidationInfo) -> str:
        door = info.data.get("door", "ddcc")
        if door == "ddcc":
            return _check_entity_id(value)
        if door == "eherkenning" and not ETOEGANG_ENTITY_ID.match(value):
            raise ValueError(f"{value!r} is not an eHerkenning entity ID (urn:etoegang:DV:<20-digit OIN>:entities:<index>)")
        # Classic DigiD takes any URI as the SP's entity ID (often its metadata URL).
        if not value.strip() or len(value) > MAX_ENTITY_ID or any(c.isspace() for c in value):
            raise ValueError(f"{value!r} is not an entity ID (a URI of at most {MAX_ENTITY_ID} characters, no spaces)")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> "ServiceProvider":
        if self.metadata is None and self.signing_certificate is None:
            raise ValueError("give metadata (a signed SP metadata file) or the short form with signing_certificate and acs")
        if self.metadata is None and not self.acs:
            raise ValueError("the short form needs at least one acs URL")
        return self


class BrpAutorisatie(Strict):
    # Field paths this client may ask for ("*" = all); a municipality is limited to its own gemeente.
    velden: list[str] = Field(default_factory=lambda: ["*"])
    gemeente: GemeenteCode | None = None


class ToezichtAutorisatie(Strict):
    operaties: list[Literal["controle", "clienten", "register"]] = Field(default_factory=lambda: ["controle"])


class ApiClient(Strict):
    """A caller of the BRP or Toezicht API, identified by client credentials and/or its OIN (certificate)."""

    client_id: str = Field(min_length=1)
    client_secret: str | None = None
    naam: str
    oin: Oin | None = None
    organisatie: Kvk | None = None
    brp: BrpAutorisatie | None = None
    toezicht: ToezichtAutorisatie | None = None


OidcProduct = Literal["digid", "digid_machtigen", "eherkenning", "eherkenning_bewindvoering"]
OidcProfile = Literal["keycloak", "nlgov", "signicat", "eid", "custom"]
# What an OIDC client can be told about a login; a profile gives each a claim name, `claims` overrides them.
OIDC_CLAIM_KEYS: tuple[str, ...] = (
    "bsn",  # who logged in, for themselves (DigiD)
    "acting_bsn",  # who logged in and acts for someone else (DigiD Machtigen: the gemachtigde)
    "legal_bsn",  # whom they act for (the machtiginggever, the child, the person under curatele or bewind)
    "service_id",  # the service's id in the catalogue
    "service_uuid",  # its ServiceUUID
    "loa",  # the level of assurance, through `loa_mapping`
    "grond",  # the ground of representation (vrijwillig, ouderlijk_gezag, curatele, ...)
    "kvk",  # eHerkenning: the legal subject's KvK number
    "legal_subject_type",  # eHerkenning: how to read the legal subject identifier (KvKnr / RSIN)
    "vestigingsnummer",  # eHerkenning: the branch the employee may act for
    "acting_subject_id",  # eHerkenning: the employee, as an opaque pseudonym
)
REDIRECT_URI = r"^(https?://|\{base_url\})[^\s#]+$"


class OidcClient(Strict):
    """A relying party of the simulator's OpenID Provider, registered as a broker (Keycloak, Signicat) has it."""

    client_id: str = Field(min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$")
    naam: str | None = None
    # client_secret_basic / client_secret_post; or `jwks`: a JWKS file (relative to this file) for private_key_jwt.
    client_secret: str | None = Field(default=None, min_length=1)
    jwks: str | None = None
    redirect_uris: list[Annotated[str, Field(pattern=REDIRECT_URI)]] = Field(min_length=1)
    post_logout_redirect_uris: list[Annotated[str, Field(pattern=REDIRECT_URI)]] = Field(default_factory=list)
    # The product a request gets when it selects none; `producten`: what a request may select (empty: `product`).
    product: OidcProduct = "digid"
    producten: list[OidcProduct] = Field(default_factory=list)
    # Services this client logs in for; the first is the default, a scope `urn:uuid:<ServiceUUID>` picks another.
    diensten: list[ServiceRef] = Field(min_length=1)
    profile: OidcProfile = "keycloak"
    # Claim-name overrides: {logical name: claim name}; a dot nests (`aanvrager.bsn`), `\.` is a literal dot.
    claims: dict[str, str] = Field(default_factory=dict)
    # The value of the `loa` claim per DigiD level (default per profile).
    loa_mapping: dict[LevelName, str] = Field(default_factory=dict)
    # PKCE with S256 required (default: the profile's rule; nlgov requires it, brokers do not).
    require_pkce: bool | None = None

    @model_validator(mode="after")
    def _credentials(self) -> "OidcClient":
        if (self.client_secret is None) == (self.jwks is None):
            raise ValueError("give exactly one of client_secret (client_secret_basic/_post) or jwks (private_key_jwt)")
        unknown = sorted(set(self.claims) - set(OIDC_CLAIM_KEYS))
        if unknown:
            raise ValueError(f"claims: unknown claim key(s) {', '.join(unknown)}; use {', '.join(OIDC_CLAIM_KEYS)}")
        if self.producten and self.product not in self.producten:
            raise ValueError(f"product {self.product!r} is not among producten {self.producten}")
        return self

    @property
    def allowed_products(self) -> tuple[str, ...]:
        return tuple(self.producten) or (self.product,)


class ScenarioSettings(Strict):
    naam: str = "scenario"
    beschrijving: str | None = None
    # "Today" for this world; relative dates are resolved against it. A setting (SIMULATOR_CLOCK) overrides it.
    vandaag: Annotated[dt.date | None, BeforeValidator(_to_wall_clock_date)] = None
    allow_invalid_bsn: bool = False
    # A persoonslijst's relative (02, 03, 05) whose own person contradicts it - a parent not older than the child,
    # oneself as partner, a partnership the two sides date differently - is an error by default (a mistake in a
    # hand-written scenario). The BRP serves such PLs as recorded, and the GBA-V test set has them: with this set,
    # the relative stays on the PL only (as a relative without a person does) and the world loads.
    relatives_as_recorded: bool = False


from .gba import Persoonslijst  # noqa: E402 - a persoonslijst is built from the classes above


class ScenarioDocument(Strict):
    """One scenario file. Several files are merged: their lists are concatenated, later settings win."""

    scenario: ScenarioSettings = Field(default_factory=ScenarioSettings)
    persons: list[Persoon] = Field(default_factory=list)
    # Persons written as GBA persoonslijsten (see gba.py); they join `persons` when the world is built.
    persoonslijsten: list[Persoonslijst] = Field(default_factory=list)
    organisations: list[Organisatie] = Field(default_factory=list)
    services: list[Dienst] = Field(default_factory=list)
    gezag: list[GezagEntry] = Field(default_factory=list)
    wettelijke_vertegenwoordiging: list[Maatregel] = Field(default_factory=list)
    machtigingen: list[Machtiging] = Field(default_factory=list)
    service_providers: list[ServiceProvider] = Field(default_factory=list)
    api_clients: list[ApiClient] = Field(default_factory=list)
    oidc_clients: list[OidcClient] = Field(default_factory=list)


COLLECTIONS: tuple[str, ...] = (
    "persons",
    "persoonslijsten",
    "organisations",
    "services",
    "gezag",
    "wettelijke_vertegenwoordiging",
    "machtigingen",
    "service_providers",
    "api_clients",
    "oidc_clients",
)
