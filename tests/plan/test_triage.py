"""Check-in triage against its sources: each answer raises its red flag's own tier, the most urgent wins."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinerecov.knowledge.check_in_models import Question
from spinerecov.knowledge.check_in_values import AnswerValue, read_answer
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.models import KnowledgeBase, RedFlag
from spinerecov.plan.triage import TIERS, most_urgent, questions_for, raised_by, triage

SEED_000 = "000_379f30ac8df464cf.txt"


def _flags(kb: KnowledgeBase, procedure: str) -> list[RedFlag]:
    return [*kb.red_flags, *kb.procedures[procedure].red_flags]


def _question(kb: KnowledgeBase, ident: str) -> Question:
    return next(q for q in kb.check_in.questions if q.id == ident)


def _tier(kb: KnowledgeBase, answers: dict[str, AnswerValue], procedure: str = "endoscopic") -> str:
    return triage(kb.check_in.questions, answers, _flags(kb, procedure)).tier


# Seed 000: "If you have severe pain, side effects from medications, bleeding, a fever, or you just
# don't feel right it needs to be investigated ... If you can't reach your doctor, go to the nearest
# emergency room": each is the call-surgeon tier, and each answer's flag cites seed 000.
SEED_000_SYMPTOMS = [
    ("severe pain", {"severe-pain": True}, "uncontrolled-pain"),
    ("side effects from medications", {"medicine-side-effects": True}, "medication-side-effects"),
    ("bleeding", {"wound": "bleeding"}, "wound-bleeding"),
    ("a fever", {"temperature": 38.0}, "fever"),
    ("just don't feel right", {"not-feeling-right": True}, "not-feeling-right"),
]


@pytest.mark.parametrize(("symptom", "answers", "flag"), SEED_000_SYMPTOMS, ids=[s[0] for s in SEED_000_SYMPTOMS])
def test_each_seed_000_symptom_is_call_your_surgeon(
    kb: KnowledgeBase, symptom: str, answers: dict[str, AnswerValue], flag: str
) -> None:
    """Seed 000's symptoms must not wait for the next visit: call the surgeon now (else the emergency department)."""
    result = triage(kb.check_in.questions, answers, _flags(kb, "endoscopic"))
    assert result.tier == "call-surgeon"
    assert [r.flag.id for r in result.raised] == [flag]
    assert SEED_000 in result.raised[0].flag.sources


RULES = [
    # (answers, procedure, red flag raised, tier) - each tier is the red flag's own, from its sources.
    ({"chest-breathing": True}, "miss", "chest-breathing", "emergency"),
    ({"saddle-numbness": True}, "miss", "cauda-equina", "emergency"),
    ({"bladder-bowel": "changed"}, "miss", "cauda-equina", "emergency"),
    ({"legs-cannot-move": True}, "miss", "legs-cannot-move", "emergency"),
    ({"leg-weakness": "new"}, "miss", "leg-weakness", "call-surgeon"),
    ({"leg-weakness": "worse"}, "miss", "leg-weakness", "call-surgeon"),
    ({"wound": "red"}, "miss", "wound-infection", "call-surgeon"),
    ({"wound": "open"}, "miss", "wound-bleeding", "call-surgeon"),
    ({"wound-swelling": True}, "miss", "wound-swelling", "call-surgeon"),
    ({"positional-headache": True}, "miss", "spinal-fluid-leak", "call-surgeon"),
    ({"calf": True}, "miss", "calf-clot", "call-surgeon"),
    ({"hardware": True}, "mis-fusion", "hardware-problem", "call-surgeon"),
    ({"leg-pain-returns": True}, "endoscopic", "leg-pain-returns", "call-within-24h"),
    ({"no-bowel-movement": True}, "miss", "no-bowel-movement", "call-within-24h"),
]


@pytest.mark.parametrize(("answers", "procedure", "flag", "tier"), RULES, ids=[r[2] + "-" + r[3] for r in RULES])
def test_each_answer_raises_its_red_flag_at_that_flags_tier(
    kb: KnowledgeBase, answers: dict[str, AnswerValue], procedure: str, flag: str, tier: str
) -> None:
    """Every check-in rule: the answer raises the named red flag, and the tier is that red flag's own action."""
    result = triage(kb.check_in.questions, answers, _flags(kb, procedure))
    assert [r.flag.id for r in result.raised] == [flag]
    assert result.tier == tier == result.raised[0].flag.action


def test_the_fever_threshold_is_the_red_flags_own_38_degrees(kb: KnowledgeBase) -> None:
    """38 °C (100.4 °F), as the fever red flag says: 37.9 raises nothing, 38.0 and 100.4F raise it."""
    temperature = _question(kb, "temperature")
    fever = next(f for f in kb.red_flags if f.id == "fever")
    assert "38 °C (100.4 °F)" in fever.symptom
    assert raised_by(temperature, read_answer(temperature, "37.9")) == []
    assert raised_by(temperature, read_answer(temperature, "38")) == ["fever"]
    assert raised_by(temperature, read_answer(temperature, "100.4F")) == ["fever"]
    assert raised_by(temperature, read_answer(temperature, "100.3 °F")) == []


def test_a_raised_flag_names_the_answer_that_raised_it(kb: KnowledgeBase) -> None:
    """'Because' names the answer in words: the temperature in both units, a choice by its label."""
    result = triage(kb.check_in.questions, {"temperature": 38.4, "wound": "bleeding"}, _flags(kb, "miss"))
    because = {r.flag.id: r.because for r in result.raised}
    assert because["fever"] == ("temperature 38.4 °C (101.1 °F)",)
    assert because["wound-bleeding"] == ("wound: bleeding through the dressing",)


def test_several_answers_raising_one_flag_are_all_named(kb: KnowledgeBase) -> None:
    """Saddle numbness and changed bladder control both raise cauda equina: one flag, both answers named."""
    result = triage(kb.check_in.questions, {"saddle-numbness": True, "bladder-bowel": "changed"}, _flags(kb, "miss"))
    assert [r.flag.id for r in result.raised] == ["cauda-equina"]
    assert len(result.raised[0].because) == 2


def test_no_warning_sign_is_tier_none_and_nothing_raised(kb: KnowledgeBase) -> None:
    """Usual answers raise nothing: tier none (the wording never says 'you are fine': see the CLI tests)."""
    answers: dict[str, AnswerValue] = {
        "leg-pain": 2,
        "temperature": 37.2,
        "wound": "ok",
        "saddle-numbness": False,
        "bladder-bowel": "ok",
        "leg-weakness": "none",
        "pain-medicine": "strong",
        "walked": 30,
        "note": "a good day",
    }
    result = triage(kb.check_in.questions, answers, _flags(kb, "miss"))
    assert (result.tier, result.raised) == ("none", ())


def test_questions_follow_the_plans_red_flags(kb: KnowledgeBase) -> None:
    """Hardware questions are for fusions, the old leg pain for discectomies; questions raising nothing for all."""
    endoscopic = {q.id for q in questions_for(kb.check_in.questions, _flags(kb, "endoscopic"))}
    fusion = {q.id for q in questions_for(kb.check_in.questions, _flags(kb, "mis-fusion"))}
    assert "leg-pain-returns" in endoscopic and "hardware" not in endoscopic
    assert "hardware" in fusion and "leg-pain-returns" not in fusion
    assert {"leg-pain", "walked", "note"} <= endoscopic & fusion


def test_an_answer_whose_flag_is_not_in_the_plan_raises_nothing(kb: KnowledgeBase) -> None:
    """Only the plan's own red flags can be raised (a fusion's hardware flag is not a discectomy's)."""
    assert _tier(kb, {"hardware": True}, "endoscopic") == "none"


def _answer_strategy(question: Question) -> st.SearchStrategy[Any]:
    if question.kind == "yes-no":
        return st.booleans()
    if question.kind == "choice":
        return st.sampled_from([a.value for a in question.answers])
    if question.kind == "number":
        assert question.range is not None
        if question.unit == "celsius":
            return st.floats(question.range.min, question.range.max, allow_nan=False)
        return st.integers(int(question.range.min), int(question.range.max))
    if question.kind == "minutes":
        return st.integers(0, 1440)
    return st.text(max_size=20)


@given(data=st.data())
def test_any_answers_give_one_tier_never_less_urgent_than_any_single_answer(data: st.DataObject) -> None:
    """Any set of answers gives exactly one tier, as urgent as the most urgent answer given alone, never less."""
    kb = load_knowledge_base(resolve_kb_path())
    procedure = data.draw(st.sampled_from(sorted(kb.procedures)))
    optional = {q.id: _answer_strategy(q) for q in kb.check_in.questions}
    answers: dict[str, AnswerValue] = data.draw(st.fixed_dictionaries({}, optional=optional))
    flags = _flags(kb, procedure)
    result = triage(kb.check_in.questions, answers, flags)
    assert result.tier in TIERS
    alone = [triage(kb.check_in.questions, {ident: value}, flags).tier for ident, value in answers.items()]
    assert result.tier == most_urgent(alone)
    assert all(TIERS.index(result.tier) <= TIERS.index(tier) for tier in alone)
    assert (result.tier == "none") == (not result.raised)
