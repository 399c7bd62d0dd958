"""FieldMask text (``a.b(c,d),e/f``) as a tree, applied to responses and to updates."""

from __future__ import annotations

import copy
from typing import Any

Tree = dict[str, "Tree | None"]


def parse_mask(text: str) -> Tree:
    """Parse a field mask; ``None`` leaves mean "this whole field"."""
    text = (text or "").replace("/", ".").replace(" ", "")
    pos = 0

    def parse_list(end: str | None) -> Tree:
        nonlocal pos
        tree: Tree = {}
        while pos < len(text):
            if end and text[pos] == end:
                pos += 1
                return tree
            if text[pos] == ",":
                pos += 1
                continue
            path = []
            start = pos
            while pos < len(text) and text[pos] not in ",()":
                pos += 1
            path = [p for p in text[start:pos].split(".") if p]
            if not path:
                raise ValueError(f"bad field mask: {text!r}")
            sub: Tree | None = None
            if pos < len(text) and text[pos] == "(":
                pos += 1
                sub = parse_list(")")
            _insert(tree, path, sub)
        if end:
            raise ValueError(f"bad field mask: {text!r}")
        return tree

    return parse_list(None)


def _insert(tree: Tree, path: list[str], leaf: Tree | None) -> None:
    node = tree
    for i, key in enumerate(path):
        last = i == len(path) - 1
        if last:
            if leaf is None:
                node[key] = None
            else:
                existing = node.get(key, {})
                if existing is None:
                    return
                existing.update(leaf)
                node[key] = existing
            return
        if key in node and node[key] is None:
            return
        node = node.setdefault(key, {})  # type: ignore[assignment]


def subtree(tree: Tree | None, *path: str) -> Tree | None:
    """The mask below ``path``; None = everything, {} = nothing selected."""
    node: Tree | None = tree
    for key in path:
        if node is None:
            return None
        if "*" in node:
            return None
        if key not in node:
            return {}
        node = node[key]
    return node


def wants(tree: Tree | None, *path: str) -> bool:
    node = subtree(tree, *path)
    return node is None or bool(node)


def apply_mask(obj: Any, tree: Tree | None) -> Any:
    """Keep only the masked fields of a response (lists are traversed)."""
    if tree is None or "*" in tree:
        return obj
    if isinstance(obj, list):
        return [apply_mask(x, tree) for x in obj]
    if not isinstance(obj, dict):
        return obj
    out = {}
    for key, sub in tree.items():
        if key in obj:
            out[key] = apply_mask(obj[key], sub)
    return out


def masked_update(target: dict, source: dict, tree: Tree | None) -> dict:
    """Copy the masked fields from source onto target (absent in source = cleared)."""
    if tree is None or "*" in tree:
        return copy.deepcopy(source)
    out = dict(target)
    for key, sub in tree.items():
        if sub is None:
            if key in source:
                out[key] = copy.deepcopy(source[key])
            else:
                out.pop(key, None)
        else:
            src = source.get(key)
            tgt = target.get(key)
            merged = masked_update(tgt if isinstance(tgt, dict) else {}, src if isinstance(src, dict) else {}, sub)
            if merged:
                out[key] = merged
            else:
                out.pop(key, None)
    return out


def mask_paths(tree: Tree | None, prefix: str = "") -> list[str]:
    if tree is None:
        return [prefix or "*"]
    out: list[str] = []
    for key, sub in tree.items():
        out.extend(mask_paths(sub, f"{prefix}.{key}" if prefix else key))
    return out
