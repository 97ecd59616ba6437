"""强市 (Qiangshi): the platform that runs a city's industrial action plan."""

__version__ = "0.1.0"
