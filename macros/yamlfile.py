"""YAML for the data files: one parser for all of them, fast, and strict about keys.

PyYAML's C parser (libyaml) is used where PyYAML has it: the data files and the interface
strings are read at every build, in every language, and the pure-Python parser made that a
large part of the build time. A key written twice in one mapping is refused, because PyYAML
would silently keep the last one and a maintainer's first value would vanish.
"""

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_BASE):
    """A safe YAML loader that refuses a key written twice in one mapping."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is written twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse(text):
    """Parse YAML text with the strict loader; raises yaml.YAMLError (MarkedYAMLError with a line)."""
    return yaml.load(text, Loader=StrictLoader)


def load(path, error, mapping=None):
    """Read and parse a data file; a file that cannot be read or parsed raises `error` (an exception
    class) with the file, the line where PyYAML stopped, and what is wrong. With `mapping` (what the
    file should hold, e.g. "a mapping with languages, signs"), anything but a mapping is refused too."""
    data = _load(path, error)
    if mapping is not None and not isinstance(data, dict):
        raise error(f"{path}: expected {mapping}")
    return data


def _load(path, error):
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror})") from exc
    try:
        return parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        raise error(f"{path}: {line}the YAML does not parse: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: the YAML does not parse: {exc}") from exc
