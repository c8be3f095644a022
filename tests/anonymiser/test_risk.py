"""Behaviour of the risk detector: levels and categories for what young people actually write."""

from __future__ import annotations

import pytest

from anonymiser.risk import Category, Risk, RiskLevel, assess, assess_many

URGENT, CONCERN, NONE = RiskLevel.URGENT, RiskLevel.CONCERN, RiskLevel.NONE


def _check(text: str, level: RiskLevel, category: Category | None) -> Risk:
    risk = assess(text)
    assert risk.level is level, (text, risk)
    if category is not None:
        assert category in risk.categories, (text, risk)
    return risk


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("i actually want to end my life", Category.SUICIDE_SELF_HARM),
        ("kms", Category.SUICIDE_SELF_HARM),
        ("im so tired of being alive", Category.SUICIDE_SELF_HARM),
        ("cut my arms again tonight", Category.SUICIDE_SELF_HARM),
        ("ive been stockpiling tablets", Category.SUICIDE_SELF_HARM),
        ("my foster mum slaps me when i answer back", Category.ABUSE),
        ("i get beaten at home", Category.ABUSE),
        ("my step dad comes in my room at night and touches me", Category.SEXUAL_EXPLOITATION),
        ("they made me send nudes to his mates", Category.SEXUAL_EXPLOITATION),
        ("my olders make me hold drugs for them", Category.CRIMINAL_EXPLOITATION),
        ("i have to work it off cos i lost their package", Category.CRIMINAL_EXPLOITATION),
        ("my ex boyfriend hits me", Category.DOMESTIC_ABUSE),
        ("a man on roblox keeps asking me for pics", Category.ONLINE_HARM),
        ("nobody knows where i am", Category.MISSING),
        ("i have nowhere to sleep tonight", Category.HOMELESSNESS),
        ("sleeping on a bench tonight", Category.HOMELESSNESS),
        ("havent eaten for 2 days", Category.NEGLECT_BASIC_NEEDS),
        ("i think someone spiked my drink", Category.SUBSTANCE_USE),
    ],
)
def test_urgent_disclosures_are_urgent(text: str, category: Category) -> None:
    _check(text, URGENT, category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my mate says she wants to kill herself", Category.SUICIDE_SELF_HARM),
        ("i have scars from when i used to sh", Category.SUICIDE_SELF_HARM),
        ("my carer calls me useless every day", Category.ABUSE),
        ("im dating a guy who is 27", Category.SEXUAL_EXPLOITATION),
        ("my girlfriend goes through my phone", Category.DOMESTIC_ABUSE),
        ("some weird guy keeps sending me dick pics", Category.ONLINE_HARM),
        ("i stayed out all night again", Category.MISSING),
        ("im sofa surfing", Category.HOMELESSNESS),
        ("we use a food bank", Category.NEGLECT_BASIC_NEEDS),
        ("getting bullied at college", Category.BULLYING),
        ("i feel so worthless", Category.MENTAL_HEALTH),
        ("i smoke weed every day", Category.SUBSTANCE_USE),
    ],
)
def test_worrying_but_not_imminent_is_concern(text: str, category: Category) -> None:
    _check(text, CONCERN, category)


@pytest.mark.parametrize(
    "text",
    [
        "this homework is killing me lol",
        "i'd die for a pizza",
        "that was dead funny",
        "i'm dead 😂",
        "i killed it in my exam",
        "we learned about self harm in pshe",
        "we watched a film about a boy who runs away",
        "in english we are reading about a murder in macbeth",
        "the news said there was a stabbing in town",
        "my phone died",
        "my social worker never answers her phone",
        "i love my foster carers",
        "i want more pocket money",
        "",
        "   ",
    ],
)
def test_figurative_lessons_and_ordinary_feedback_are_no_risk(text: str) -> None:
    _check(text, NONE, None)


def test_negated_self_harm_is_still_a_concern() -> None:
    # Deliberate: raising suicide unprompted, even to deny it, is worth a look.
    risk = _check("i'm not going to kill myself", CONCERN, Category.SUICIDE_SELF_HARM)
    assert any(e.reason == "negated" for e in risk.evidence)


def test_negation_does_not_reach_past_a_clause_break() -> None:
    _check("nobody would care if i killed myself", URGENT, Category.SUICIDE_SELF_HARM)
    _check("i cant stop thinking about killing myself", URGENT, Category.SUICIDE_SELF_HARM)


def test_wanting_to_leave_a_gang_is_at_least_a_concern() -> None:
    # Documented as concern; the learnt net may make it urgent (leaving brings retaliation).
    risk = assess("i want to leave the gang")
    assert risk.level is not NONE
    assert Category.CRIMINAL_EXPLOITATION in risk.categories


def test_negated_harm_by_others_is_no_risk_unless_hedged() -> None:
    _check("my carers never hit me", NONE, None)
    # The learnt net may still ask for a look after a negation (recall first), never urgently.
    assert assess("nobody hits me here").level is not URGENT
    # A negative subject elsewhere in the sentence negates nothing.
    _check("nobody cares, i am going to kill myself", URGENT, Category.SUICIDE_SELF_HARM)
    _check("i cant get home, they wont let me leave", URGENT, Category.MISSING)
    _check("he doesnt hit me when my mum is home", CONCERN, Category.ABUSE)


def test_past_harm_is_concern_and_recent_harm_stays_urgent() -> None:
    past = _check("i tried to kill myself when i was 12", CONCERN, Category.SUICIDE_SELF_HARM)
    assert any(e.reason == "past" for e in past.evidence)
    _check("i tried to kill myself last night", URGENT, Category.SUICIDE_SELF_HARM)
    _check("my dad used to hit me", CONCERN, Category.ABUSE)
    _check("i used to self harm and now ive started again", URGENT, Category.SUICIDE_SELF_HARM)


def test_third_party_risk_is_concern() -> None:
    _check("my friend self harms", CONCERN, Category.SUICIDE_SELF_HARM)
    risk = _check("my brother has started cutting again", CONCERN, Category.SUICIDE_SELF_HARM)
    assert any(e.reason == "third_party" for e in risk.evidence)
    # Once the young person speaks of themselves again, it is theirs.
    _check("my brother found out and now i want to die", URGENT, Category.SUICIDE_SELF_HARM)


def test_safety_net_lifts_unforeseen_danger_words_to_concern() -> None:
    # No specific rule knows this phrasing; a danger word about oneself still gets a look.
    risk = assess("my arm wont stop bleeding")
    assert risk.level is not NONE
    _check("we read about blood donation in science", NONE, None)


def test_two_ideas_in_one_clause_catch_unforeseen_word_order() -> None:
    # No single pattern names these; a death word beside a word of intent or time does.
    # Separate sentences: no rule joins them, and the learnt net may never make anything
    # urgent on its own (a known limit: such terse fragments rest on the rules).
    rope = assess("rope. bought one. today")
    assert all(e.rule != "learnt" for e in rope.evidence if e.level is URGENT)
    _check("tomorrow i wont be alive", URGENT, Category.SUICIDE_SELF_HARM)
    _check("this morning i got a rope", URGENT, Category.SUICIDE_SELF_HARM)
    # A death word about oneself with nothing else is still worth a look.
    _check("i think about death loads", CONCERN, Category.SUICIDE_SELF_HARM)


def test_negation_spans_lists_and_ignores_figures_of_speech() -> None:
    _check("my carers never shout at me or hit me", NONE, None)
    _check("not gonna lie i want to die", URGENT, Category.SUICIDE_SELF_HARM)
    _check("no joke i am going to kill myself", URGENT, Category.SUICIDE_SELF_HARM)


def test_jokey_suicide_talk_is_capped_at_concern_not_dropped() -> None:
    risk = _check("this maths homework kms 😂", CONCERN, Category.SUICIDE_SELF_HARM)
    assert any(e.reason == "playful" for e in risk.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "k!ll mys3lf",
        "kiiiiill myseeeelf",
        "KILL MYSELF",
        "kill\u200bmyself".replace("\u200b", "\u200b ").strip(),
        "k\u200bi\u200bl\u200bl myself",
        "𝓴𝓲𝓵𝓵 𝓶𝔂𝓼𝓮𝓵𝓯",
        "ｋｉｌｌ ｍｙｓｅｌｆ",
        "кill myself",
        "su1c1dal",
        "i'm gonna unalive myself",
        "suicidal\N{PENSIVE FACE}",
    ],
)
def test_disguised_spellings_are_still_urgent(text: str) -> None:
    _check(text, URGENT, Category.SUICIDE_SELF_HARM)


def test_evidence_offsets_point_at_what_was_typed() -> None:
    text = "honestly 𝓲 want to k!ll myselfff tonight"
    risk = assess(text)
    assert risk.level is URGENT
    spans = {text[e.start : e.end] for e in risk.evidence}
    assert any("k!ll myselfff" in s for s in spans), spans
    for e in risk.evidence:
        assert 0 <= e.start < e.end <= len(text)


def test_long_texts_are_assessed_in_full() -> None:
    filler = "my placement is fine and school is ok. " * 110
    text = (filler + "i want to die")[-4096:]
    assert len(text) == 4096
    _check(text, URGENT, Category.SUICIDE_SELF_HARM)
    _check(filler[:4096], NONE, None)


def test_odd_input_never_raises() -> None:
    odd = ["\x00\x01", "🙂" * 500, "\ufeff\u200d", "a\u0301b\u0301", "\U0010ffff", "💀" * 4096]
    for text in odd:
        assert assess(text).level in set(RiskLevel)


def test_batch_form_matches_single_form() -> None:
    texts = ["kms", "i love my carers", "my mate self harms"]
    assert assess_many(texts) == [assess(t) for t in texts]


def test_contract_shape() -> None:
    answer = assess("i have nowhere to sleep tonight and i want to die").as_contract()
    assert answer["level"] == "urgent"
    assert answer["categories"] == ["suicide_self_harm", "homelessness"]


def test_an_urge_coped_with_is_a_concern_not_an_emergency() -> None:
    risk = assess("had the urge to cut again today but i held ice like my worker showed me, it passed")
    assert risk.level is CONCERN
    assert any("coped" in r for r in risk.reasons)
    # The same urge without the coping is urgent.
    assert assess("had the urge to cut again today, got the blade out").level is URGENT


def test_harm_by_others_told_lightly_is_asked_about_not_ignored() -> None:
    risk = assess("pillow fight with my foster brother n he whacked me in the face lol no harm done")
    assert risk.level is CONCERN
    assert risk.ask
    assert assess("he whacked me in the face again and said he will do it tonight").level is URGENT


def test_ordinary_life_around_danger_words_stays_quiet() -> None:
    for text in (
        "can i get a key for the knife drawer? wanna practise cooking proper before i move out",
        "rugby was brutal, got flattened in a tackle, bruise the size of my hand 😂 we won tho",
        "i want to jump off the high board at the pool saturday, can my carer sign the form",
        "me n my baby moved from the hostel into a proper house last week",
    ):
        assert assess(text).level is NONE, text


def test_a_rule_may_need_its_companion_anywhere_in_the_message() -> None:
    risk = assess("just wanted to say thanks for everything u did for me. tell jade i love her. bye")
    assert risk.level is URGENT
    assert "ssh.farewell" in {e.rule for e in risk.evidence}
    assert assess("thanks for everything at the review today, see you next week").level is NONE
