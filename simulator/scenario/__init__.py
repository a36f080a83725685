"""The scenario model and representation index shared by every interface of the simulator.

This package imports neither Flask nor any interface: it is the world the interfaces describe."""

from .clock import age_on, parse_date
from .gezag import GezagRelatie
from .identifiers import bsn_problem, elfproef, kvk_problem, oin_problem
from .index import ACTIEF, Representation, RepresentationIndex, maatregel_status
from .loader import Problem, ScenarioError, Source
from .model import DigidLevel, Dienst, Grond, Maatregel, Machtiging, Organisatie, Persoon, ServiceProvider, Vertegenwoordiger
from .world import World, load_world

__all__ = [
    "ACTIEF",
    "DigidLevel",
    "Dienst",
    "GezagRelatie",
    "Grond",
    "Maatregel",
    "Machtiging",
    "Organisatie",
    "Persoon",
    "Problem",
    "Representation",
    "RepresentationIndex",
    "ScenarioError",
    "ServiceProvider",
    "Source",
    "Vertegenwoordiger",
    "World",
    "age_on",
    "bsn_problem",
    "elfproef",
    "kvk_problem",
    "load_world",
    "maatregel_status",
    "oin_problem",
    "parse_date",
]
