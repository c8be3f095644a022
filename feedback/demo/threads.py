"""Demo issue threads and safeguarding alerts, moved along by the calls the chat and the portal make.

Young people raise issues with ``raise_issue``; what they wrote goes through
the text-work queue; the demo worker replies with ``staff_reply``, closes most
threads with an outcome ("you said, we did") and approves a few quotes; young
people say whether it helped, or close a thread themselves. Alerts are
recorded with ``record_alert``, announced, and acted on by the demo safeguarding lead.
"""

from __future__ import annotations

from datetime import timedelta

from feedback.aggregate.period import Period
from feedback.demo.council import Council, at, day_in
from feedback.demo.texts import ALERTS, ISSUES, REPLY
from feedback.issues import (
    Written,
    approve_quote,
    close_by_young_person,
    close_with_outcome,
    raise_issue,
    record_helped,
    staff_reply,
)
from feedback.issues.workflow import REFERENCE_ALPHABET
from feedback.safeguarding import RENOTIFY_AFTER, claim_notices, record_action, record_alert

__all__ = ["ISSUES_PER_QUARTER", "alerts", "issues"]

ISSUES_PER_QUARTER = 95
ACTION_NOTE = "Contacted the out-of-hours team; young person safe."


async def issues(council: Council, period: Period, *, boost: bool) -> None:
    """Raise a quarter's issues and take each as far as it would have got by today."""
    s, rng, now = council.session, council.rng, council.now
    last = council.last_day(period)
    if last is None:
        return
    themes = list(ISSUES)
    weights = [3.0 if boost and t in ("SW", "MONEY", "HOUSE") else 1.0 for t in themes]

    def reference() -> str:
        return "H-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6))

    raised = []
    for _ in range(round((ISSUES_PER_QUARTER + (25 if boost else 0)) * council.scale)):
        person = rng.choice(council.people)
        theme = rng.choices(themes, weights)[0]
        text, _sentiment, outcome, quotable = rng.choice(ISSUES[theme])
        created = at(day_in(period, rng, until=last), rng)
        new = await raise_issue(
            s,
            sealer=council.sealer,
            participant_id=person.id,
            messages=[Written(text)],
            now=created,
            topic=theme.lower(),
            make_reference=reference,
        )
        raised.append((new, person.id, theme, text, outcome, quotable, created))
    await council.anonymise_pending()  # staff see a message only once it is anonymised
    worker = council.worker
    for new, person_id, theme, text, outcome, quotable, created in raised:
        fate = rng.random()
        replied = created + timedelta(days=rng.randint(1, 3))
        if replied > now:
            continue  # still new in the inbox
        await staff_reply(s, reference=new.reference, staff=worker, text=REPLY, now=replied)
        closed = created + timedelta(days=rng.randint(3, 40))
        if fate < 0.7 and closed <= now:
            await close_with_outcome(s, reference=new.reference, staff=worker, outcome=outcome, now=closed)
            helped = rng.choices(["yes", "partly", "no", None], [50, 20, 15, 15])[0]
            answered = closed + timedelta(hours=rng.randint(1, 48))
            if helped is not None and answered <= now:
                await record_helped(
                    s, reference=new.reference, participant_id=person_id, helped=helped, now=answered
                )
        elif fate > 0.93:
            left = replied + timedelta(days=rng.randint(1, 10))
            if left <= now:
                await close_by_young_person(s, reference=new.reference, participant_id=person_id, now=left)
        if quotable and rng.random() < 0.12:
            await approve_quote(
                s,
                reference=new.reference,
                message_id=new.message_ids[0],
                sentence=text,
                staff=worker,
                now=replied,
                theme=theme,
            )


async def alerts(council: Council, period: Period) -> None:
    """Record a few of a quarter's safeguarding alerts, each acknowledged and acted on by the lead."""
    s, rng = council.session, council.rng
    last = council.last_day(period)
    if last is None:
        return
    for _ in range(rng.randint(3, 6)):
        person = rng.choice(council.people)
        text, level, categories = rng.choice(ALERTS)
        moment = at(day_in(period, rng, until=last), rng)
        alert_id = await record_alert(
            s,
            sealer=council.sealer,
            source="conversation",
            level=level,
            categories=categories,
            text=text,
            now=moment,
            participant_id=person.id,
        )
        # The notifier announced it within the minute; the lead acted on it soon after.
        await claim_notices(s, now=moment + timedelta(minutes=1), renotify_after=RENOTIFY_AFTER)
        acted = min(moment + timedelta(minutes=rng.randint(5, 90)), council.now)
        await record_action(s, alert_id=alert_id, staff_id=council.lead.id, note=ACTION_NOTE, now=acted)
