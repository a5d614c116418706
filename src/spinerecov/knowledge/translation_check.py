"""`kb check` in another language: every text translated, and no translation stale or pointing at nothing."""

from pathlib import Path
from typing import Any

from spinerecov.knowledge.quality import Finding
from spinerecov.knowledge.translation import Aliases, Translation, TranslationBody, translation_problems


def translation_findings(path: Path, protocol: Path | None, language: str) -> list[Finding]:
    """Problems with the `language` translation of the knowledge base at `path` (with the protocol's own).

    A missing text points at the English in the knowledge base (or protocol); a
    stale or unknown one at its entry in the translation file that holds it.
    """
    from spinerecov.knowledge.loader import (
        KNOWLEDGE_BASE,
        PROTOCOL,
        TRANSLATION,
        merged_data,
        read_input,
        read_translation,
        translation_path,
    )
    from spinerecov.knowledge.yaml_guards import decode_yaml
    from spinerecov.knowledge.yaml_reader import parse_yaml, text_locator

    text = decode_yaml(read_input(path, KNOWLEDGE_BASE), str(path))
    data = parse_yaml(text, str(path))
    where = text_locator(text, str(path))
    owners: dict[str, Any] = {}
    built_in = translation_path(language)
    translation_text = decode_yaml(read_input(built_in, TRANSLATION), str(built_in), TRANSLATION)
    translation: Translation = read_translation(translation_text, str(built_in))
    built_in_where = text_locator(translation_text, str(built_in))
    owners.update(dict.fromkeys(translation.texts, built_in_where))
    texts = dict(translation.texts)
    aliases = translation.aliases
    if protocol is not None:
        overlay_text = decode_yaml(read_input(protocol, PROTOCOL), str(protocol), PROTOCOL)
        data, where, _label, own_translations = merged_data(data, where, str(path), overlay_text, str(protocol))
        own = (own_translations or {}).get(language)
        if own is not None:
            body = TranslationBody.model_validate(own)
            protocol_where = text_locator(overlay_text, str(protocol))
            for key in body.texts:
                owners[key] = lambda p, key=key, w=protocol_where: w(("translations", language, "texts", key))
            texts.update(body.texts)
            aliases = Aliases(
                activities={**aliases.activities, **body.aliases.activities},
                procedures={**aliases.procedures, **body.aliases.procedures},
            )
    data_paths = _data_paths(data)
    found = []
    for key, problem in translation_problems(data, TranslationBody(texts=texts, aliases=aliases), language):
        if protocol is not None and key not in data_paths and owners.get(key) is built_in_where:
            continue  # the protocol replaced what the built-in translation translated
        if key in data_paths and key not in texts:
            place = where(data_paths[key])
        elif key in owners:
            locator = owners[key]
            place = locator(("texts", key))
        else:
            place = str(built_in)
        found.append(Finding(key, place, problem))
    return found


def _data_paths(data: Any) -> dict[str, tuple[Any, ...]]:
    from spinerecov.knowledge.translation import texts_of

    return {key: path for key, path, _text in texts_of(data)}
