"""The endpoint's configuration: what its loader process loads, as one typed value.

Example:
    >>> config = StoreConfig.of({"graph": ["data"]})
    >>> StoreConfig.of(json.loads(config.to_json())) == config, config.memory_mb
    (True, 1024)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kg.mapping.iris import DEFAULT_BASE

__all__ = ["StoreConfig"]


@dataclass(frozen=True)
class StoreConfig:
    """What the endpoint's loader loads: the paths ``graph`` names (else the build in ``out_dir``), with
    ``base`` and ``engine``, and ``memory_mb``, how much memory a worker may take beyond the store.

    Example:
        >>> from pathlib import Path
        >>> StoreConfig.of({"graph": [Path("data")], "memory_mb": 256}).graph
        ('data',)
    """

    graph: tuple[str, ...] = ()
    out_dir: str = "out"
    base: str = DEFAULT_BASE
    engine: str = "oxigraph"
    memory_mb: int = 1024

    @classmethod
    def of(cls, config: StoreConfig | Mapping[str, Any]) -> StoreConfig:
        """``config`` as a :class:`StoreConfig` (a mapping gives the fields it names; paths become text).

        Raises:
            TypeError: the mapping names a field there is not.
        """
        if isinstance(config, StoreConfig):
            return config
        fields = dict(config)
        fields["graph"] = tuple(str(path) for path in fields.get("graph", ()))
        fields["out_dir"] = str(fields.get("out_dir", "out"))
        return cls(**fields)

    def to_json(self) -> str:
        """The config as JSON (the loader process reads it back with :meth:`of`)."""
        return json.dumps(asdict(self))
