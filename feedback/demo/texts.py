"""What young people in the demo council write, in their own register, by theme, with the outcome staff gave.

Every line is invented and holds no names or places, so the anonymised text
can be the same as the raw text.
"""

from __future__ import annotations

# theme: [(text, sentiment, outcome, quotable)]
ISSUES: dict[str, list[tuple[str, str, str, bool]]] = {
    "SW": [
        (
            "my social worker keeps changing, had 4 this year and i have to tell my whole story again",
            "negative",
            "Teams now keep a named social worker for at least 12 months where they can.",
            True,
        ),
        (
            "i never know who my sw is anymore and nobody rings me back when i leave a message",
            "negative",
            "Duty workers now call back within one working day; your team was reminded.",
            True,
        ),
        (
            "my new social worker actually listens and comes when she says she will, so that's good",
            "positive",
            "We passed your thanks to the team.",
            True,
        ),
        (
            "my PA is ok but i only see her like once every few months, would be nice to see her more",
            "mixed",
            "Personal advisers now agree how often to meet with each young person.",
            False,
        ),
    ],
    "VOICE": [
        (
            "nobody asked me before they changed my contact, i found out after it was decided",
            "negative",
            "Managers reminded staff to ask young people before contact plans change.",
            True,
        ),
        (
            "i went to the children in care council and felt like people actually listened for once",
            "positive",
            "We shared your feedback with the Children in Care Council.",
            True,
        ),
        (
            "my reviews are boring and full of adults talking about me like im not there",
            "negative",
            "Reviewing officers now offer to let young people chair part of their review.",
            True,
        ),
    ],
    "INFO": [
        (
            "i still dont really know why i came into care and no one explains it properly",
            "negative",
            "Life-story work is now offered to everyone who asks, with a worker you choose.",
            True,
        ),
        (
            "i asked to see my file ages ago and heard nothing back",
            "negative",
            "Access-to-records requests now get a reply within 10 working days.",
            False,
        ),
    ],
    "CARER": [
        (
            "my foster carers are amazing, they treat me like their own",
            "positive",
            "We passed your thanks to your carers and their supervising worker.",
            True,
        ),
        (
            "i dont feel like i belong in my placement, they have rules for me that their kids dont have",
            "negative",
            "Your worker talked with your carers about house rules being fair for everyone.",
            True,
        ),
        (
            "my carer is nice but i wish i could have friends round like normal",
            "mixed",
            "Carers were reminded they can agree sleepovers without asking social care.",
            False,
        ),
    ],
    "PLACE": [
        (
            "moved 3 times this year and had to change school twice, it's too much",
            "negative",
            "Placement moves now need a manager's sign-off and a plan to keep school.",
            True,
        ),
        (
            "my placement is really far from everyone i know",
            "negative",
            "Your worker looked at travel support so you can see friends more often.",
            False,
        ),
        (
            "finally feel settled where i am, first time in ages",
            "positive",
            "We shared this with the placements team.",
            True,
        ),
    ],
    "SAFE": [
        (
            "some of the older lads at my placement make me feel unsafe at night",
            "negative",
            "Staff at the home changed the night rota and checked in with you.",
            False,
        ),
        (
            "i feel safe where i am now which is a big thing for me",
            "positive",
            "We passed this on to your carers.",
            True,
        ),
    ],
    "FAMILY": [
        (
            "i want to see my brother more, we only get an hour a month",
            "negative",
            "Family time with brothers and sisters is now reviewed at every review meeting.",
            True,
        ),
        (
            "contact with my mum got moved again and no one told me why",
            "negative",
            "Your worker explained the change and now tells you before contact moves.",
            False,
        ),
        (
            "had a really good day out with my sister, thank you for sorting it",
            "positive",
            "We passed your thanks to the family time team.",
            True,
        ),
    ],
    "EDU": [
        (
            "i need help with maths but school says there's no money for a tutor",
            "negative",
            "The Virtual School agreed tutoring from the pupil premium plus budget.",
            True,
        ),
        (
            "teachers keep pulling me out of lessons for meetings and everyone knows why",
            "negative",
            "The Virtual School asked schools to hold meetings outside lesson time.",
            True,
        ),
        (
            "my designated teacher is great, she really helps me",
            "positive",
            "We passed your thanks to the school.",
            False,
        ),
    ],
    "HEALTH": [
        (
            "i've been waiting months for camhs and it's getting worse",
            "negative",
            "The health team chased the referral and offered support while you wait.",
            True,
        ),
        (
            "it would help to talk to someone about my feelings who isnt my social worker",
            "mixed",
            "Independent counselling is now offered through the children in care service.",
            True,
        ),
        (
            "the dentist thing got sorted really quick, thanks",
            "positive",
            "We shared this with the health team.",
            False,
        ),
    ],
    "NORMAL": [
        (
            "i hate having to get permission for a sleepover, my mates think it's weird",
            "negative",
            "Carers can now agree sleepovers themselves without a police check.",
            True,
        ),
        (
            "people at school know im in care because of the meetings and it's embarrassing",
            "negative",
            "Schools were asked to keep care status private.",
            True,
        ),
    ],
    "ACTIV": [
        (
            "i want to do football on saturdays but no one can take me",
            "negative",
            "We agreed travel costs so you can go to football.",
            False,
        ),
        (
            "the summer activities were really fun, can we do more",
            "positive",
            "The summer programme will run again with more places.",
            True,
        ),
    ],
    "LEAVE": [
        (
            "i'm 17 and no one has talked to me about what happens when i leave care",
            "negative",
            "Pathway planning now starts at 15 and a half, with a named personal adviser.",
            True,
        ),
        (
            "my pathway plan is just a form, it doesnt feel like it's about me",
            "negative",
            "Personal advisers were asked to write pathway plans with young people.",
            True,
        ),
    ],
    "MONEY": [
        (
            "my setting up home allowance ran out before i even had a bed",
            "negative",
            "The setting up home allowance went up and can now be paid in stages.",
            True,
        ),
        (
            "i'm at uni and struggling to pay for food, the bursary came late",
            "negative",
            "Bursary payments now go out in the first week of term.",
            True,
        ),
        (
            "thanks for sorting my council tax exemption, it's made a big difference",
            "positive",
            "We shared this with the leaving care team.",
            True,
        ),
    ],
    "HOUSE": [
        (
            "i'm sofa surfing and the housing list says it'll be months",
            "negative",
            "Care leavers now get priority banding and a named housing officer.",
            True,
        ),
        (
            "my flat has damp and the landlord won't fix it",
            "negative",
            "Your personal adviser contacted the landlord and environmental health.",
            False,
        ),
    ],
    "FUTURE": [
        (
            "i want to do an apprenticeship but don't know where to start",
            "mixed",
            "Your personal adviser booked you in with the council's apprenticeship team.",
            True,
        ),
        (
            "got my college place sorted, really happy",
            "positive",
            "We passed this on to the Virtual School.",
            False,
        ),
    ],
    "PROCESS": [
        (
            "why do i have to have a medical every year, it's so awkward",
            "negative",
            "Health assessments can now be done by a nurse you choose, where you choose.",
            True,
        ),
        (
            "stop calling it LAC, we are not lacking anything",
            "negative",
            "Staff have been asked to stop using the word LAC in meetings and reports.",
            True,
        ),
    ],
    "IDENT": [
        (
            "no one at my placement knows how to do my hair and i feel like i'm losing who i am",
            "negative",
            "Carers were offered training and a budget for hair and skin care.",
            True,
        ),
        (
            "i'd like to learn more about my culture and where my family is from",
            "mixed",
            "Your worker arranged life-story sessions about your heritage.",
            False,
        ),
    ],
}

FREE_TEXT: list[tuple[str, tuple[str, ...], str]] = [
    ("more time with my social worker", ("SW",), "neutral"),
    ("seeing my brothers and sisters more", ("FAMILY",), "neutral"),
    ("help with money when i move out", ("MONEY", "LEAVE"), "neutral"),
    ("being listened to in my reviews", ("VOICE",), "neutral"),
    ("not having to move again", ("PLACE",), "negative"),
    ("someone to talk to about how i feel", ("HEALTH",), "neutral"),
    ("more help with school work", ("EDU",), "neutral"),
    ("being able to do normal stuff like sleepovers", ("NORMAL",), "neutral"),
    ("nothing really, things are good at the moment", (), "positive"),
]

# What would help, asked after an answer that says a promise is not kept:
# (text, themes, sentiment) by a word of the promise's code.
FOLLOW_UPS: dict[str, list[tuple[str, tuple[str, ...], str]]] = {
    "LISTEN": [
        ("being listened to in my reviews", ("VOICE",), "neutral"),
        ("if they told me what happened after i said what i wanted", ("VOICE",), "neutral"),
        ("my views get asked for and then nothing changes", ("VOICE",), "negative"),
    ],
    "SOCIAL-WORKER": [
        ("more time with my social worker", ("SW",), "neutral"),
        ("keeping the same social worker instead of a new one every few months", ("SW",), "negative"),
    ],
    "HEALTH": [
        ("someone to talk to about how i feel", ("HEALTH",), "neutral"),
        ("not having to wait months to see someone when i feel low", ("HEALTH",), "negative"),
    ],
    "HOME": [
        ("help with money when i move out", ("MONEY", "LEAVE"), "neutral"),
        ("rent is more than i get so i skip meals at the end of the month", ("MONEY", "HOUSE"), "negative"),
    ],
    "CHAMPION": [
        ("a personal adviser who answers my messages", ("SW", "LEAVE"), "neutral"),
        ("someone who sticks around after i turn 21", ("SW", "LEAVE"), "neutral"),
    ],
}

ALERTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("i don't feel safe going home tonight", "urgent", ("abuse",)),
    ("someone older keeps asking me to carry stuff for them", "concern", ("criminal_exploitation",)),
    ("i've been feeling really low and don't see the point", "concern", ("suicide_self_harm",)),
    ("a man online keeps messaging me and asking for pictures", "urgent", ("online_harm",)),
]

REPLY = "Thanks for telling us. We're looking into this and will let you know what happens."
