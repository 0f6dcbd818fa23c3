"""The shipped registry (D1, D4–D6, D8) and live updates from `registry.official` (decision
"Registry topics are read in full")."""

from __future__ import annotations

import pytest

from enforcement.registry import InvalidRegistryRecord, load_default_registry, parse_registry_record
from enforcement.registry.divisions import FORMER_DIVISIONS, table_metadata


@pytest.fixture(scope="module")
def registry():
    return load_default_registry()


def test_size_and_provenance(registry) -> None:
    assert sum(1 for _ in registry.protected_names()) >= 50_000
    assert table_metadata()["data_as_of"] == "2025-12-31"
    former = {code for _, code, _, _ in FORMER_DIVISIONS}
    levels = [d.level for d in registry.divisions if d.code not in former]
    assert (levels.count("province"), levels.count("prefecture"), levels.count("county")) == (33, 333, 2845)
    assert [d.name for d in registry.divisions if d.code in former] == ["渝北区"]
    assert all(i.source for i in registry.identities.values())


def test_short_names_and_flags(registry) -> None:
    by_name = {d.name: d for d in registry.divisions}
    assert by_name["北京市"].short_name == "北京"
    assert by_name["广西壮族自治区"].short_name == "广西"
    assert by_name["延边朝鲜族自治州"].short_name == "延边"
    # every nationality comes off, whether written with 族 or not, and the place keeps all of its own name
    for name, short, marked in (("西双版纳傣族自治州", "西双版纳", "西双版纳州"),
                                ("黔西南布依族苗族自治州", "黔西南", "黔西南州"),
                                ("伊犁哈萨克自治州", "伊犁", "伊犁州"), ("张家川回族自治县", "张家川", "张家川县"),
                                ("东乡族自治县", "东乡", "东乡县"), ("鄂伦春自治旗", "鄂伦春", "鄂伦春旗"),
                                ("龙胜各族自治县", "龙胜", "龙胜县")):
        assert (by_name[name].short_name, by_name[name].marked_name) == (short, marked), name
    assert by_name["北京市"].marked_name is None  # only autonomous divisions have one
    for name in ("公安县", "新华区", "光明区", "和平区", "朝阳区"):
        assert by_name[name].ordinary_word or by_name[name].ambiguous, name
    assert not by_name["西安市"].ambiguous  # a district named 西安区 elsewhere does not make the city ambiguous


def test_generated_local_organs(registry) -> None:
    names = {n for _, n in registry.protected_names()}
    assert {"成都市公安局", "平安北京", "成都发布", "北京市公安局", "武侯区人民法院"} <= names
    assert "朝阳公安" not in names  # ordinary/ambiguous short names are left to D4


def test_a_name_a_curated_list_holds_is_not_generated_again_for_a_local_organ(registry) -> None:
    """湖南日报 is the provincial party paper the news list names: the generated 湖南日报 would be a second
    identity for the same body, and a second violation for one name."""
    curated = {name for identity in registry.identities.values() if not identity.identity_id.startswith("local:")
               for name in (*identity.names, *identity.aliases)}
    generated = {name for identity in registry.identities.values() if identity.identity_id.startswith("local:")
                 for name in identity.names}
    assert not curated & generated
    assert [i for i, n in registry.protected_names() if n == "湖南日报"] == ["media:hnrb"]


def test_vocabulary(registry) -> None:
    titles = registry.vocabulary.professional_titles
    assert (titles["医生"], titles["律师"], titles["教授"], titles["心理咨询师"]) == (
        "medical", "legal", "education", "psychology")
    assert "老师" not in titles


def test_updates_add_replace_delete_and_leave_snapshots_alone(registry) -> None:
    value = b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": ["\xe9\x9d\x92\xe6\x9c\x97\xe6\x8a\xa5"], "account_ids": ["u:9"], "logo_hashes": ["' + b"ab" * 32 + b'"]}'  # noqa: E501
    added = registry.with_updates([parse_registry_record(b"x:1", value)])
    assert added.is_verified("x:1", "u:9") and not registry.is_verified("x:1", "u:9")
    assert added.identities["x:1"].logo_hashes == ("ab" * 32,)
    removed = added.with_updates([parse_registry_record(b"x:1", None)])
    assert "x:1" not in removed.identities and "x:1" in added.identities
    assert removed.version == registry.version + 2


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        (None, b"{}", "key_mismatch"),
        (b"x:1", b"{", "not_json"),
        (b"x:1", b"[]", "not_object"),
        (b"x:1", b'{"schema_version": 1, "identity_id": "x:1"}', "missing_field"),
        (b"x:2", b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": ["a"]}', "key_mismatch"),
        (b"x:1", b'{"schema_version": 1, "identity_id": "x:1", "kind": "alien", "names": ["a"]}', "bad_value"),
        (b"x:1", b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": "a"}', "wrong_type"),
        (b"x:1", b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": []}', "bad_value"),
        (b"x:1", b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": ["a"], "logo_hashes": ["zz"]}',
         "bad_value"),
        (b"x:1", b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": ["a"], "x": 1}',
         "unknown_field"),
    ],
)
def test_bad_registry_records(key: bytes | None, value: bytes, code: str) -> None:
    with pytest.raises(InvalidRegistryRecord) as info:
        parse_registry_record(key, value)
    assert info.value.code == code


def _logo_record(logo: str) -> bytes:
    return (b'{"schema_version": 1, "identity_id": "x:1", "kind": "media", "names": ["a"], "logo_hashes": ["'
            + logo.encode() + b'"]}')


@pytest.mark.parametrize("combined", ["ab" * 32 + ":" + "0f" * 8, "ab" * 32 + ":" + "0f" * 8 + ":" + "81" * 256])
def test_a_logo_hash_may_carry_a_phash_and_a_shape(combined: str) -> None:
    identity = parse_registry_record(b"x:1", _logo_record(combined)).identity
    assert identity is not None and identity.logo_hashes == (combined,)


@pytest.mark.parametrize("logo", ["ab" * 32 + ":", "ab" * 32 + ":" + "0f" * 7, "ab" * 32 + ":" + "0F" * 8,
                                  "ab" * 32 + ":" + "0f" * 9, "ab" * 31 + ":" + "0f" * 8,
                                  "ab" * 32 + ":" + "0f" * 8 + ":", "ab" * 32 + ":" + "0f" * 8 + ":" + "81" * 255,
                                  "ab" * 32 + ":" + "81" * 256, "ab" * 32 + ":" + "0f" * 8 + ":" + "81" * 257])
def test_malformed_phash_and_shape_suffixes_are_refused(logo: str) -> None:
    with pytest.raises(InvalidRegistryRecord) as info:
        parse_registry_record(b"x:1", _logo_record(logo))
    assert info.value.code == "bad_value"
