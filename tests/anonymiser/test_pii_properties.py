"""Property tests on the real anonymiser: offsets are exact and found values never survive."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anonymiser import Anonymiser
from anonymiser.recognizers.validators import nhs_number
from anonymiser.redaction import PLACEHOLDER_RE

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_sep = st.sampled_from(["", " ", "-", "  "])


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    prefix = draw(st.sampled_from(["07", "+44 7", "+447", "0044 7"]))
    rest = "7" + digits if prefix == "07" else digits
    if prefix == "07":
        return "0" + rest[:4] + draw(_sep) + rest[4:7] + draw(_sep) + rest[7:]
    return prefix + rest[:3] + draw(_sep) + rest[3:]


@st.composite
def emails(draw: st.DrawFn) -> str:
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=10)
    local = draw(word) + draw(st.sampled_from(["", ".", "_"])) + draw(word)
    return f"{local}@{draw(word)}.{draw(st.sampled_from(['com', 'co.uk', 'org', 'net']))}"


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    stem = str(draw(st.integers(400_000_000, 799_999_999)))
    digits = (
        next(stem + str(c) for c in range(10) if nhs_number(stem + str(c)))
        if any(nhs_number(stem + str(c)) for c in range(10))
        else "4809865347"
    )
    sep = draw(st.sampled_from(["", " ", "-"]))
    return digits[:3] + sep + digits[3:6] + sep + digits[6:]


_chat = st.text(alphabet=st.sampled_from("abcdefghij lol ok 😭🙏\u200d\u200f'!?"), max_size=25)
_lead = st.sampled_from(["ring me on", "my number is", "email", "contact", "my nhs number", "its", ""])


@FAST
@given(lead=_lead, value=st.one_of(mobiles(), emails(), nhs_numbers()), before=_chat, after=_chat)
def test_contact_details_and_ids_never_survive(
    pii: Anonymiser, lead: str, value: str, before: str, after: str
) -> None:
    text = f"{before} {lead} {value} {after}"
    redaction = pii.anonymise(text)
    assert value not in redaction.text
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 6:
        assert digits[-6:] not in "".join(c for c in redaction.text if c.isdigit())


@FAST
@given(text=st.text(max_size=120))
def test_offsets_are_exact_for_any_text(pii: Anonymiser, text: str) -> None:
    spans = pii.detect(text)
    end = 0
    for span in spans:
        assert end <= span.start < span.end <= len(text)
        end = span.end
    redaction = pii.redact(text, spans)
    # Removing the placeholders leaves exactly the unredacted stretches, brackets made round.
    pieces, cursor = [], 0
    for span in spans:
        pieces.append(text[cursor : span.start])
        cursor = span.end
    pieces.append(text[cursor:])
    expected = [p.replace("[", "(").replace("]", ")") for p in pieces]
    assert PLACEHOLDER_RE.split(redaction.text) == expected


def test_batch_and_single_detection_agree(pii: Anonymiser) -> None:
    texts = ["karen said hi", "", "ring 07700 900 123", "me and will went to leeds", "nothing here"]
    assert pii.detect_batch(texts) == [pii.detect(t) for t in texts]
