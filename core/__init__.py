"""The leaf layer: what every part of ita-sync may import, importing nothing of the project.

Vocabulary (``core.vocab``), rule T and copied text (``core.text``), units and the registry
(``core.units``), raw and canonical types (``core.columns``) and the error tree (``core.errors``).
"""
