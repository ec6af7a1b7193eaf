"""pmkit: help a manager of product managers learn, assess, coach and champion product."""

__version__ = "0.2.0"
