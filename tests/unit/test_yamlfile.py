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


class DataError(ValueError):
    pass


def test_load_names_the_file_and_the_line_in_the_callers_error(tmp_path):
    path = tmp_path / "data.yml"
    path.write_text("a: 1\nb: [2\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{path}: line \d+: the YAML does not parse: "):
        yamlfile.load(path, DataError)


def test_load_names_a_file_it_cannot_read(tmp_path):
    with pytest.raises(DataError, match=rf"^{tmp_path / 'missing.yml'}: cannot read the file"):
        yamlfile.load(tmp_path / "missing.yml", DataError)


def test_load_returns_the_data(tmp_path):
    path = tmp_path / "data.yml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    assert yamlfile.load(path, DataError) == {"a": [1, 2]}


def test_load_with_mapping_refuses_anything_else(tmp_path):
    path = tmp_path / "data.yml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"^{path}: expected a mapping with a, b$"):
        yamlfile.load(path, DataError, mapping="a mapping with a, b")
    assert yamlfile.load(path, DataError) == ["a", "b"]
