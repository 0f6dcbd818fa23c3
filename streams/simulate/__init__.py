"""`qinglang simulate`: seeded, realistic account traffic with violations and malformed records."""

from streams.simulate.generator import SimulationOptions, simulate

__all__ = ["SimulationOptions", "simulate"]
