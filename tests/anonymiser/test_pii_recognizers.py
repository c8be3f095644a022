"""Every configured recognizer finds what it should and leaves what it should not."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymiser import Anonymiser
from anonymiser.artifacts import NlpArtifacts
from anonymiser.engine import Anonymiser as Engine
from anonymiser.lexicon import load_lexicon
from anonymiser.recognizers import Recognizer
from anonymiser.registry import build_registry, load_config

# name -> (positives as (text, the part that must be covered), negatives)
EXAMPLES: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "email": (
        [("mail me on lil.kay_2008@outlook.com thanks", "lil.kay_2008@outlook.com")],
        ["meet @ 5 at the shop", "i emailed my pa"],
    ),
    "spoken_email": (
        [("email me kaz99 at hotmail dot co dot uk", "kaz99 at hotmail dot co dot uk")],
        ["i was at school at 9", "look at gmail"],
    ),
    "place_compounds": (
        [
            ("moved to stratford-upon-avon", "stratford-upon-avon"),
            ("in barton upon humber", "barton upon humber"),
        ],
        ["once upon a time", "a drop-in session", "hand-me-down clothes"],
    ),
    "url": (
        [
            ("look at www.gofundme.com/f/help-me", "www.gofundme.com/f/help-me"),
            ("its on bit.ly/3xYz", "bit.ly/3xYz"),
            ("my page is solo.to/kayla.art", "solo.to/kayla.art"),
        ],
        ["i was like... ok.", "version 2.0 of the app"],
    ),
    "handles": (
        [
            ("my snap is kezzz_x", "kezzz_x"),
            ("add me on insta its jordyy.b", "jordyy.b"),
            ("hmu @tayy.99", "@tayy.99"),
            ("tiktok: princessmo", "princessmo"),
            ("follow lulu_b22 on tiktok", "lulu_b22"),
        ],
        ["add me on insta x", "i got blocked on snap", "she posted it on tiktok lol"],
    ),
    "uk_phone": (
        [
            ("ring 07700 900 982", "07700 900 982"),
            ("my num +44 7700 900982", "+44 7700 900982"),
            ("office is (0114) 496 0011", "0114) 496 0011"),
            ("call 020-7946-0018", "020-7946-0018"),
        ],
        ["i got 10 out of 20", "childline is 0800 1111", "year 10 2024", "it cost 1500 quid"],
    ),
    "ni_number_cued": (
        [("my ni number is QQ 12 34 56 C", "QQ 12 34 56 C"), ("national insurance dz123456a", "dz123456a")],
        ["QQ 12 34 56 C", "my ni is sorted now", "ni 12 34 56"],
    ),
    "described_names": (
        [
            ("i go to the anchor its a pru", "the anchor"),
            ("we stay at kestrel, its a hostel", "kestrel"),
            ("i was moved to oakdene which is a children's home", "oakdene"),
        ],
        ["i went to town its a mess", "i go to school its a nightmare", "i moved to my nans its a house"],
    ),
    "nhs_number": (
        [("nhs number 480 986 5347", "480 986 5347"), ("nhs 5963277434", "5963277434")],
        ["nhs number 480 986 5348", "my nhs dentist", "ring 0114 496 0011"],
    ),
    "ni_number": (
        [("ni is AB 12 34 56 C", "AB 12 34 56 C"), ("my nino jt123456a", "jt123456a")],
        ["QQ 12 34 56 C is an example", "ab12 is my code"],
    ),
    "reference_number": (
        [
            ("my case ref is HO-1234567", "HO-1234567"),
            ("student number 20451187", "20451187"),
            ("uan 4403-0021-7788-0099 on my letter", "4403-0021-7788-0099"),
            ("sort code 20-45-77 please", "20-45-77"),
        ],
        ["i am in year 10", "i got 4 gcses", "it was 2019", "the score was 20-45 at half time"],
    ),
    "postcode": (
        [("my postcode is S61 2QT", "S61 2QT"), ("i live in LS11 now", "LS11")],
        ["see u l8r m8", "i got a b4 in maths", "im in zz1 1zz"],
    ),
    "address": (
        [("i live at 7 primrose way", "7 primrose way"), ("flat 2, 19 kirk lane", "flat 2, 19 kirk lane")],
        ["i walked down the road", "our street is nice", "i got 2 new trainers"],
    ),
    "dates": (
        [
            ("born 04/05/2008", "04/05/2008"),
            ("bday is 1st feb 2009", "1st feb 2009"),
            ("on march 3rd 2024", "march 3rd 2024"),
            ("dob 2008-02-29", "2008-02-29"),
            ("the home office wrote 1386/07/02", "1386/07/02"),
            ("born 07 11 2007", "07 11 2007"),
            ("born 12/25/08 in the us", "12/25/08"),
            ("born on the third of may two thousand and eight", "third of may two thousand and eight"),
            ("her birthday is september twenty first", "september twenty first"),
            ("born 5 farvardin 1386", "5 farvardin 1386"),
            ("dob 2 hamle 1999", "2 hamle 1999"),
            ("sinh ngay 3 thang 9 nam 2007", "3 thang 9 nam 2007"),
            ("her birthday is june the 3rd", "june the 3rd"),
            ("dob 09-Feb-2007", "09-Feb-2007"),
            ("born esfand 2, 1385 they said", "esfand 2, 1385"),
            ("born 11/2006 in kabul", "11/2006"),
            ("dob shawwal 1427", "shawwal 1427"),
        ],
        [
            "i may go out",
            "see u in 2 weeks",
            "10/10 would recommend",
            "the first of many",
            "second may be better",
            "i scored 2 10 2 in darts",
        ],
    ),
    "short_dates": (
        [("my review is on 21/10", "21/10"), ("court date from 4/12", "4/12"), ("due by 2/3", "2/3")],
        ["rate it 8/10", "im on the 3rd floor", "the home is 7/10", "paid on the 1st"],
    ),
    "world_places": (
        [
            ("we moved to aberystwyth last year", "aberystwyth"),
            ("my uncle is still in herat", "herat"),
            ("i was born in asmara", "asmara"),
            ("we live in sale now", "sale"),
            ("near Street in somerset", "Street"),
        ],
        ["i hope so", "the sale was on", "help me with reading", "we play in the street"],
    ),
    "institutions": (
        [("i go to ridgeway academy", "ridgeway academy"), ("im at st bede's now", "st bede's")],
        [
            "i hate my school",
            "secondary school is hard",
            "i go to college",
            "i got so high",
            "it was really high",
        ],
    ),
    "address_cues": (
        [
            ("send it to apt. 12 please", "apt. 12"),
            ("the letter went to po box 771", "po box 771"),
            ("her address: 2210 Calle Mayor 5, Teruel", "2210"),
            ("zip code is 90210", "90210"),
        ],
        ["i live at home", "my address is on the form", "suite life is a show", "the box was empty"],
    ),
    "cued_phone": (
        [("call me on 070-524-373", "070-524-373"), ("phone: 96 771394", "96 771394")],
        ["i rang them 5 times", "call me at 5 pm", "my number is 3 lol", "phone cost 250 quid"],
    ),
    "road_numbers": (
        [("we live off the a61 now", "a61"), ("stuck near the M62 again", "M62")],
        ["i got an a1 in my exam", "my mate has an m3 bmw", "page a4 of the form"],
    ),
    "named_sites": (
        [("we pulled onto the ashgrove lane site", "the ashgrove lane site")],
        ["he works on the building site", "the caravan site was full", "i found it on the web site"],
    ),
    "employers": (
        [("my boss at asda on riverside way is sound", "asda"), ("i work at Boots in the precinct", "Boots")],
        ["i got a job at greggs", "i work at tesco on saturdays", "i love nandos"],
    ),
    "services": (
        [
            ("she starts at little owls nursery next week", "little owls nursery"),
            ("my case is with parkgate solicitors", "parkgate solicitors"),
            ("i moved into elmfield supported lodgings", "elmfield supported lodgings"),
        ],
        ["the nursery rang me", "my solicitors never answer", "i need housing", "the job centre is shut"],
    ),
    "service_branches": (
        [("the woman at the job centre on northgate was rude", "the job centre on northgate")],
        ["i go to the jobcentre on monday", "the job centre in town is shut", "the jobcentre on the phone"],
    ),
    "named_stays": (
        [("they put me in hostel the anchor near the station", "the anchor")],
        ["the hostel the council found is far", "the hotel the staff said no"],
    ),
    "community_groups": (
        [
            ("the iraqi community association meets on fridays", "the iraqi community association"),
            ("i volunteer at ghanaian youth network", "ghanaian youth network"),
        ],
        ["the local community centre is shut", "a youth forum at school", "our community of practice"],
    ),
    "church_schools": (
        [("my son is at sacred heart rc primary", "sacred heart rc primary")],
        ["the holy family were in the nativity", "christ the king is a hymn"],
    ),
    "rooms": (
        [
            ("send it to Room 6, Elm Tree Hostel, Leeds", "Room 6"),
            ("i live in Maple Halls room C210 on campus", "room C210"),
        ],
        ["i had maths in room 5 today", "my room is tiny"],
    ),
    "spoken_addresses": (
        [
            ("moved to number nineteen, elm drive", "number nineteen, elm drive"),
            ("its flat four oh two", "flat four oh two"),
            ("on plot 12 of the new build", "plot 12"),
        ],
        ["i was in the flat two weeks", "number one fan", "a flat one"],
    ),
    "welsh_addresses": (
        [("my address is 9 Heol y Bont, Bala", "9 Heol y Bont")],
        ["i walked down the heol to town", "3 maes"],
    ),
    "care_providers": (
        [
            ("i was with Horizon Foster Care for 3 years", "Horizon Foster Care"),
            ("Kinship Care Associates pay me", "Kinship Care Associates"),
            ("placement at Wyvern Residential Unit ends", "Wyvern Residential Unit"),
        ],
        ["i was in long term foster care", "Foster care is hard", "the Independent Fostering Agency"],
    ),
    "royal_names": (
        [("i got into king alfred and i start in september", "king alfred")],
        ["i want a queen size bed", "the king of the castle", "i went to king street"],
    ),
    "couple_titles": (
        [("i stay with mr and mrs adeyemi", "mr and mrs adeyemi")],
        ["mr and mrs said no", "ask mr or miss on reception"],
    ),
    "bank_accounts": (
        [("my bank halifax froze my card", "halifax"), ("my account at barclays is empty", "barclays")],
        ["is monzo better than halifax", "i walked past barclays on the high street"],
    ),
    "vietnamese_names": (
        [("my mum is dang thi thu", "dang thi thu"), ("tran van long is my brother", "tran van long")],
        ["we went in a van to leeds", "the van is outside", "tran is his surname"],
    ),
    "initialled_names": (
        [("Dorothea K. Vance signed it", "Dorothea K. Vance")],
        ["The U.S. Army", "see Apt. 4 Block B", "i went to St. Ives"],
    ),
    "capitalised_runs": (
        [
            ("we used to go to Whitegate Woods after school", "Whitegate Woods"),
            ("i train at Iron Temple now", "Iron Temple"),
        ],
        [
            "i go to church at Christmas",
            "we went in May half term",
            "I Went To The Shop",
            "see u at Tuesday Club",
        ],
    ),
    "companies": (
        [
            ("she works for Arrow Financial Corporation", "Arrow Financial Corporation"),
            ("Britvic Plc", "Britvic Plc"),
        ],
        ["the company is nice", "i want to start a company", "my trust fund lol"],
    ),
    "welsh_schools": (
        [("i go ysgol bro dinefwr", "ysgol bro"), ("im at coleg sir gar now", "coleg sir gar")],
        ["we learn welsh at school", "my school is welsh"],
    ),
    "welsh_institutions": (
        [("they took me to ysbyty gwynedd", "ysbyty gwynedd"), ("i lived at ty mawr till 16", "ty mawr")],
        ["ty so much for helping", "the hospital was ok"],
    ),
    "vehicle_registrations": (
        [("a van HT21 GKD keeps following me", "HT21 GKD"), ("the car reg is lb12 wxy", "lb12 wxy")],
        ["i am in year 11 now", "my code is ab12 for the lock"],
    ),
    "universities": (
        [
            ("sent it off. uni of kent said yes", "uni of kent"),
            ("got into university of bath", "university of bath"),
        ],
        ["the university of life", "uni of my choice", "i want to go to university"],
    ),
    "care_homes": (
        [
            ("i live at thornbury lodge", "thornbury lodge"),
            ("in willow house", "willow house"),
            ("im in oakfield children's home", "oakfield"),
        ],
        ["i went to my mums house", "the care home is nice", "at my nans house", "the big house"],
    ),
    "named_houses": (
        [("i live at the hollies now", "the hollies"), ("moved to the pines", "the pines")],
        ["the oaks in the park are old", "i like the pines"],
    ),
    "called_names": (
        [("a unit called the bridge", "the bridge"), ("my home is called sunnyside", "sunnyside")],
        ["she called me names", "i called the police"],
    ),
    "described_places": (
        [
            ("we moved to sale (its a town near manchester)", "sale"),
            ("i live in sandy, its a village", "sandy"),
        ],
        ["i live in care, its a home", "my school is in town, its a big town"],
    ),
    "named_places": (
        [
            ("i stay at roundabout hostel", "roundabout"),
            ("my placement is with compass fostering", "compass fostering"),
            ("i work at the crown pub", "the crown"),
        ],
        ["the hostel is horrible", "i live in a hostel", "i go to church on sunday", "i love fostering"],
    ),
    "local_orgs": (
        [
            ("i box at thurnley boxing club", "thurnley boxing club"),
            ("i play for hollowgate juniors", "hollowgate juniors"),
            ("seen at tinsley surgery", "tinsley surgery"),
            ("i go to the  oaks practice", "the  oaks practice"),
        ],
        ["i go to youth club", "the football club is shut", "i go to the gym", "i went to hospital"],
    ),
    "uk_places": (
        [("i miss rotherham", "rotherham"), ("moved to milton keynes", "milton keynes")],
        ["i was reading a book", "the hull of the ship"],
    ),
    "council_places": ([("we went to zorbleton", "zorbleton")], ["we went to town"]),
    "council_people": ([("ask qwinby about it", "qwinby")], ["ask my sw about it"]),
    "council_orgs": ([("i go to the frobnitz unit", "frobnitz unit")], ["i go to the unit"]),
    "place_shapes": (
        [("we moved to kilnsborough", "kilnsborough"), ("im from wrenthorpe", "wrenthorpe")],
        ["its so boring", "thinking about stuff"],
    ),
    "place_cues": (
        [("i live in grimethorpe", "grimethorpe"), ("im from tadcaster", "tadcaster")],
        ["i live in a flat", "im from care"],
    ),
    "org_cues": (
        [("my school is called blenwick grange", "blenwick grange")],
        ["my school is ok", "my college is far"],
    ),
    "spacy_ner": (
        [("Mrs Patricia Hughes came to Manchester", "Patricia Hughes")],
        ["my PA and my IRO came", "i want CAMHS to help"],
    ),
    "first_names": (
        [
            ("karen said no", "karen"),
            ("me and will went out", "will"),
            ("grace told me", "grace"),
            ("hiya its comfort, i need help", "comfort"),
            ("gift here, can u ring me", "gift"),
            ("ask precious my foster sister", "precious"),
            ("me and habibullah went", "habibullah"),
            ("yonatan texted me", "yonatan"),
        ],
        [
            "i will tell them",
            "i hope so",
            "mark my words",
            "grace period",
            "i may go",
            "it gives me comfort",
            "i got a gift for my sw",
            "help with maths and english",
            "i hate living here",
        ],
    ),
    "name_cues": (
        [
            ("my sw zebadiah never rings", "zebadiah"),
            ("her name is tiyanna", "tiyanna"),
            ("mr okonjo helped", "okonjo"),
            ("yo its big jay from the unit", "big jay"),
            ("lil t and me", "lil t"),
        ],
        ["my sw never rings", "her name is nice", "mr nice guy", "big up the staff", "a lil bit"],
    ),
}


@pytest.fixture(scope="module")
def council_engine(pii: Anonymiser, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = tmp_path_factory.mktemp("council")
    (folder / "deny_places.txt").write_text("zorbleton\n")
    (folder / "deny_people.txt").write_text("# staff\nqwinby\n")
    (folder / "deny_orgs.txt").write_text("frobnitz unit\n")
    lexicon = load_lexicon(folder)
    return Engine(pii.nlp, build_registry(load_config(), lexicon), lexicon)


def _artifacts(engine: Engine, text: str) -> NlpArtifacts:
    return NlpArtifacts.from_doc(engine.nlp(text))


def _covers(recognizer: Recognizer, artifacts: NlpArtifacts, part: str) -> bool:
    start = artifacts.text.index(part)
    end = start + len(part)
    return any(s.start <= start and s.end >= end for s in recognizer.analyse(artifacts))


def test_every_configured_recognizer_has_examples(council_engine: Engine) -> None:
    names = {r.name for r in council_engine.registry}
    assert names == set(EXAMPLES), "add positive and negative examples for each recognizer"
    assert all(pos and neg for pos, neg in EXAMPLES.values())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_recognizer_positive_examples(council_engine: Engine, name: str) -> None:
    recognizer = council_engine.registry.get(name)
    for text, part in EXAMPLES[name][0]:
        assert _covers(recognizer, _artifacts(council_engine, text), part), (name, text)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_recognizer_negative_examples(council_engine: Engine, name: str) -> None:
    recognizer = council_engine.registry.get(name)
    for text in EXAMPLES[name][1]:
        found = recognizer.analyse(_artifacts(council_engine, text))
        assert found == [], (name, text, [text[s.start : s.end] for s in found])
