"""Simulator of the Dutch machtigingsvoorziening: DDCC (DigiD CombiConnect) with machtigen, BRP gezag
lookups and the judiciary's Toezicht check, all driven by one scenario model.

Test-only software: it holds no real citizens' data and its keys are published test keys."""

__version__ = "0.1.0"
