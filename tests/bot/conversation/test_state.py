"""The typed conversation state: rows saved under the old loose keys still load, and save as before."""

from __future__ import annotations

import json

import pytest

from bot.conversation.state import ChatState, Draft, SafetyQuestion, SurveyData, TellData
from bot.conversation.types import Button, Reply

# Exactly as the state was saved while its data was a plain mapping (before it was typed).
OLD_SURVEY = (
    '{"data":{"cid":3,"picked":["a",2],"prompt":{"buttons":[[["Good","survey:pick:12-2-0"]]],'
    '"text":"How is the food?"},"qid":"q_food","rid":12,"screen":2},"flow":"survey","step":"question","v":1}'
)
OLD_WRITING = (
    '{"data":{"drafts":[{"a":null,"c":[],"r":"none","t":"the bus is late"},'
    '{"a":7,"c":["fear"],"r":"concern","t":"I feel scared"}]},"flow":"tell","step":"write","v":1}'
)
OLD_CONTACT_CHECK = (
    '{"data":{"alert":null,"contact":"call me on Tuesday","ref":"AB12CD"},'
    '"flow":"tell","step":"contact_check","v":1}'
)
OLD_CLOSE = '{"data":{"ref":"AB12CD"},"flow":"tell","step":"close","v":1}'
OLD_MENU_WITH_QUESTION = (
    '{"data":{},"flow":"menu","safety":{"a":5,"q":"check","t":[{"text":"hi"}]},"step":"","v":1}'
)


def test_an_old_survey_row_loads_typed_and_saves_unchanged() -> None:
    state = ChatState.from_json(OLD_SURVEY)
    assert state.data == SurveyData(
        response_id=12,
        campaign_id=3,
        screen=2,
        question_id="q_food",
        picked=("a", 2),
        prompt=Reply("How is the food?", buttons=((Button("Good", "survey:pick:12-2-0"),),)),
    )
    assert state.to_json() == OLD_SURVEY


def test_old_tell_rows_load_typed() -> None:
    writing = ChatState.from_json(OLD_WRITING)
    assert writing.tell.drafts == (Draft("the bus is late"), Draft("I feel scared", "concern", ("fear",), 7))
    assert writing.tell.reference == ""
    assert writing.to_json() == OLD_WRITING

    checking = ChatState.from_json(OLD_CONTACT_CHECK)
    assert checking.step == "contact_check"
    assert checking.tell == TellData(reference="AB12CD", contact="call me on Tuesday", contact_alert_id=None)

    closing = ChatState.from_json(OLD_CLOSE)
    assert closing.tell == TellData(reference="AB12CD")
    assert ChatState.from_json(closing.to_json()) == closing


def test_a_waiting_safety_question_still_loads() -> None:
    state = ChatState.from_json(OLD_MENU_WITH_QUESTION)
    assert state.data is None
    assert state.safety == SafetyQuestion("check", 5, ({"text": "hi"},))
    assert state.to_json() == OLD_MENU_WITH_QUESTION


@pytest.mark.parametrize(
    "state",
    [
        ChatState(),
        ChatState(flow="forget", step="confirm"),
        ChatState(flow="tell", step="write", data=TellData()),
        ChatState(flow="tell", step="answer", data=TellData((Draft("hello"),), reference="ZZ99ZZ")),
        ChatState(
            flow="tell", step="contact_check", data=TellData(reference="R", contact="x", contact_alert_id=4)
        ),
        ChatState(flow="survey", step="question", data=SurveyData(response_id=1, screen=0, question_id="q")),
    ],
)
def test_every_state_survives_a_round_trip(state: ChatState) -> None:
    assert ChatState.from_json(state.to_json()) == state


def test_a_replica_running_the_loose_code_reads_what_is_saved_now() -> None:
    saved = json.loads(
        ChatState(flow="tell", step="contact_check", data=TellData(reference="R", contact="x")).to_json()
    )
    assert saved["data"] == {"drafts": [], "ref": "R", "contact": "x", "alert": None}


def test_what_cannot_be_read_is_left_out() -> None:
    tell = ChatState.from_json(
        '{"v":1,"flow":"tell","step":"write","data":{"drafts":[{"t":""},{"t":"kept","a":"x"},3],"ref":5,"alert":2}}'
    )
    assert tell.tell == TellData(drafts=(Draft("kept"),))
    survey = ChatState.from_json('{"v":1,"flow":"survey","step":"question","data":{"rid":"12","prompt":[1]}}')
    assert survey.survey == SurveyData()  # no response 0: the flow says the survey has closed
    assert ChatState.from_json('{"v":1,"flow":"menu","step":"","data":{"rid":1}}').data is None
    assert ChatState.from_json('{"v":2,"flow":"tell","step":"write","data":{}}') == ChatState()


def test_another_flows_data_reads_as_nothing_held() -> None:
    survey = ChatState(flow="survey", data=SurveyData(response_id=3))
    assert survey.tell == TellData()
    assert ChatState(flow="tell", data=TellData(reference="R")).survey == SurveyData()
