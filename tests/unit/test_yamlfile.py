"""The one YAML reader of the data files: strict about keys written twice."""

import pytest
import yaml

from macros import yamlfile


def test_a_key_written_twice_is_refused_with_its_line():
    with pytest.raises(yaml.YAMLError) as caught:
        yamlfile.parse("a: 1\nb: 2\na: 3\n")
    assert "key 'a' is written twice" in str(caught.value) and "line 3" in str(caught.value)


def test_the_same_key_in_two_mappings_is_fine():
    assert yamlfile.parse("x: {a: 1}\ny: {a: 2}\n") == {"x": {"a": 1}, "y": {"a": 2}}


def test_only_plain_data_is_built():
    with pytest.raises(yaml.YAMLError):
        yamlfile.parse("!!python/object/apply:os.system ['true']\n")
