"""The near-duplicate stage: what is a copy, what is a different fact, which copy stays."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dedupe_news import (
    Block,
    BlockKind,
    Config,
    Document,
    KeepPolicy,
    Metadata,
    Reason,
    clean_blocks,
    clean_document,
)
from dedupe_news.fact_guards import fact_guards
from dedupe_news.features import opens_with_label, paragraph_features
from dedupe_news.near_dup import compare

LEAD = (
    "North Korea fired multiple short-range missiles this past weekend, just days after the "
    "sister of Kim Jong Un threatened the United States and South Korea for holding joint "
    "military exercises, according to the White House."
)
REWORDED = LEAD.replace(
    "sister of Kim Jong Un threatened", "sister and top aide to Kim Jong Un criticized"
)
BODY = [
    "The missile tests were confirmed by a senior administration official who briefed reporters.",
    "Relations between the two countries have been tense with no substantive contact for a year.",
    "Analysts believe the North has pressed ahead with its programs despite the talks.",
]


def _fates(paragraphs: list[str], config: Config | None = None) -> list[str | None]:
    result = clean_blocks(paragraphs, config or Config())
    return [None if v.removal is None else v.removal.rule for v in result.verdicts]


def test_reworded_lead_is_a_near_duplicate_above_the_textbook_setting() -> None:
    config = Config()
    match = compare(paragraph_features(LEAD, 2), paragraph_features(REWORDED, 2), config)
    assert match is not None and match.kind == "near-duplicate"
    assert match.jaccard < 0.8  # a 5-gram/0.8 Jaccard setting misses this copy


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Silva scored in the 12th minute from a corner taken by Okafor.",
            "Silva scored in the 67th minute from a corner taken by Okafor.",
        ),
        (
            "Okafor picked up his fifth yellow card of the season for a late challenge.",
            "Lindqvist picked up his fifth yellow card of the season for a late challenge.",
        ),
        (
            "The council approved the plan to sell the ground.",
            "The council did not approve the plan to sell the ground.",
        ),
        (
            "Whisk 150g caster sugar with the eggs until pale.",
            "Whisk 120g caster sugar with the eggs until pale.",
        ),
        (
            "Vasquez broke in the eighth game of the third set with a forehand down the line.",
            "Vasquez broke in the fourth game of the third set with a forehand down the line.",
        ),
        (
            "La empresa recortará la plantilla en dos años, según el plan presentado ayer.",
            "La empresa recortará la plantilla en cuatro años, según el plan presentado ayer.",
        ),
        (
            "Il consiglio ha approvato il bilancio con una maggioranza ampia dopo il voto.",
            "Il consiglio non ha approvato il bilancio con una maggioranza ampia dopo il voto.",
        ),
    ],
)
def test_a_different_number_name_or_negation_is_a_different_fact(first: str, second: str) -> None:
    assert _fates([first, *BODY, second]) == [None] * 5


def test_two_blurbs_on_one_template_with_other_figures_are_different_items() -> None:
    first = (
        "Save $40 when you buy the Orbis 14 laptop with a sleeve and a mouse from Harbour "
        "Electronics. We have not seen a deeper cut on this model since it launched, and the "
        "bundle is still $90 cheaper than buying the three separately."
    )
    second = (
        "Save a little when you pick the Orbis 13 in silver or grey with a free sleeve from "
        "Harbour Electronics. We have not seen a deeper cut on this model since it launched, "
        "and the bundle is still $25 cheaper than the laptop on its own."
    )
    features = paragraph_features(first, 2), paragraph_features(second, 2)
    shared = len(features[0].shingles & features[1].shingles)
    assert shared / min(len(f.shingles) for f in features) >= Config().threshold
    assert _fates([first, *BODY, second]) == [None] * 5


def test_a_reworded_copy_that_keeps_its_figures_is_still_a_duplicate() -> None:
    first = (
        "The council will spend $4.2 million on the new library, which is due to open in "
        "2026 on the site of the old bus depot, the mayor said on Tuesday."
    )
    second = (
        "The council is to spend $4.2 million on a new library, due to open in 2026 on the "
        "old bus depot site, the mayor announced on Tuesday."
    )
    assert _fates([first, *BODY, second])[-1] == "near-duplicate"


def test_two_goals_told_on_one_template_are_two_goals() -> None:
    # Over 0.6 of the word pairs shared, but the minute changes in its place.
    first = (
        "Athletic started at a ferocious pace and took the lead in the sixth minute. Callum "
        "Reddy won the ball on the halfway line, played it wide to Jonah Pike, and Pike's low "
        "cross was turned in at the near post by Danny Osei."
    )
    second = (
        "Athletic went back in front in the 27th minute. Reddy won the ball on the halfway "
        "line again, played it wide to Pike, and Pike's low cross was turned in at the far "
        "post by Osei."
    )
    guards = fact_guards(paragraph_features(first, 2), paragraph_features(second, 2))
    assert guards.numbers_swapped
    assert _fates([first, *BODY, second]) == [None] * 5


def test_a_rewording_that_drops_one_number_and_gains_another_elsewhere_is_a_copy() -> None:
    # Edits that happen to drop "1987" and put "1935" elsewhere are not another figure.
    first = (
        "Under his direction the choir sang evensong in Salisbury, Wells and Gloucester "
        "cathedrals, made two recordings and, in 1988, toured the Netherlands. But Fenwick said "
        "the thing he was proudest of was that the choir sang at every Sunday service for 43 "
        "years without once cancelling, including the morning after the great storm of 1987, "
        "when half the congregation arrived on foot."
    )
    second = (
        "Under his direction 1935; sang evensong in Salisbury, Wells and Gloucester cathedrals, "
        "now two recordings and, 1988, toured the Netherlands. But Fenwick said thing he was "
        "proudest of was including that the choir evensong sang at every Sunday service for 43 "
        "years without once cancelling, including the morning after the great of when half the "
        "congregation arrived on foot."
    )
    guards = fact_guards(paragraph_features(first, 2), paragraph_features(second, 2))
    assert not guards.numbers_swapped
    assert _fates([first, *BODY, second])[-1] == "near-duplicate"


def test_a_name_dropped_here_and_a_capitalised_noun_added_there_is_no_swapped_name() -> None:
    # German nouns are capitalised: "Flanke" inserted is not another player.
    first = (
        "SV Altenbach: Brehm – Demir, Vogt, Fischer, Hartmann – Roth, Schulte (46. Sander) – "
        "Wagner, Kuhn (46. Yilmaz), Baumann – Engel (75. Pohl)."
    )
    second = (
        "SV Altenbach: Brehm – Vogt, Fischer, Hartmann – Roth, Schulte (46. Sander) – Wagner, "
        "Kuhn (46. Flanke Yilmaz), Baumann – Engel (75. Pohl)."
    )
    guards = fact_guards(paragraph_features(first, 2), paragraph_features(second, 2))
    assert guards.short and not guards.names_swapped
    swapped = fact_guards(
        paragraph_features(first, 2), paragraph_features(first.replace("Demir", "Kaya"), 2)
    )
    assert swapped.names_swapped


def test_a_labelled_pull_quote_is_contained_but_a_speaker_is_a_name() -> None:
    body = (
        "An inspection in March found rust through more than a third of the deck plates. The "
        "council's highways manager, Gareth Pryce, said the bridge was safe to use for now. "
        '"If we wait for the winter floods, we risk having to shut it for six months instead '
        'of six weeks," he said.'
    )
    quote = (
        'Quote of the week: "If we wait for the winter floods, we risk having to shut it for '
        'six months instead of six weeks." -- Gareth Pryce'
    )
    assert paragraph_features(quote, 2).label_words == 4
    assert _fates([body, *BODY, quote])[-1] == "contained"
    speaker = (
        "Helen Ward: If we wait for the winter floods, we risk having to shut it for six "
        "months instead of six weeks."
    )
    assert paragraph_features(speaker, 2).label_words == 0
    assert _fates([body, *BODY, speaker])[-1] is None


VORSPANN = (
    "Die Stadtwerke Elmsdorf erhöhen ab dem 1. April den Fernwärmepreis um 18 Prozent. "
    "Betroffen sind rund 11.000 Haushalte. Grund seien die stark gestiegenen Kosten für "
    "Holzhackschnitzel."
)
FIRST_PARAGRAPH = (
    "Die Stadtwerke Elmsdorf erhöhen zum 1. April den Preis für Fernwärme um 18 Prozent. "
    "Betroffen sind rund 11.000 Haushalte im Stadtgebiet, die an das Wärmenetz angeschlossen "
    "sind. Als Grund nennt der Versorger die stark gestiegenen Kosten für Holzhackschnitzel, "
    "mit denen das Heizkraftwerk am Hafen betrieben wird."
)


def test_a_short_standfirst_rewording_the_first_paragraph_goes() -> None:
    # 0.69 of its word pairs: under the 0.75 a fragment needs, over the threshold.
    match = compare(
        paragraph_features(VORSPANN, 2), paragraph_features(FIRST_PARAGRAPH, 2), Config()
    )
    assert match is None
    assert _fates([VORSPANN, FIRST_PARAGRAPH, *BODY]) == [
        "contained",
        None,
        None,
        None,
        None,
    ]
    # Only at the page's opening, and not when it states a figure of its own.
    assert _fates([FIRST_PARAGRAPH, *BODY, VORSPANN])[-1] is None
    other_figure = VORSPANN.replace("11.000", "12.500")
    assert _fates([other_figure, FIRST_PARAGRAPH, *BODY])[0] is None


def test_repeated_interview_question_and_short_labels_survive() -> None:
    question = "What is your favourite memory of the old stadium?"
    paragraphs = [
        "Three supporters told us what the old ground meant to them before it closed.",
        question,
        "My first match with my father, in 1978.",
        question,
        "The night we won the cup and the pitch was full of fans.",
        "Step 1",
        "Mix the flour and the butter until the texture is sandy.",
        "Step 1",
    ]
    assert _fates(paragraphs) == [None] * len(paragraphs)


def test_a_long_interview_question_asked_twice_survives_but_a_lead_ending_in_one_does_not() -> None:
    question = (
        "If you could change one thing about how the city spends its transport budget, "
        "what would it be and why?"
    )
    answers = [
        "I would put the money into buses before anything else, because that is where people are.",
        "Both candidates were asked the same questions in the same order, a week apart.",
    ]
    paragraphs = [LEAD, question, answers[0], answers[1], question, *BODY]
    assert _fates(paragraphs) == [None] * len(paragraphs)
    lead_question = LEAD.replace("according to the White House.", "so what happens next?")
    assert _fates([lead_question, *BODY, lead_question])[-1] == "exact"


def test_template_repetition_is_kept() -> None:
    day = [
        "Eat every two to three hours and drink plenty of water through the day.",
        "Breakfast is a bowl of oats with berries and a spoon of nut butter.",
        "Pack a salad with chickpeas, cucumber and feta for lunch at work.",
    ]
    paragraphs = [
        f"Day {n} begins with a short walk before breakfast, whatever the weather." for n in (1,)
    ]
    for n in range(3):
        paragraphs += [f"Meal plan for day {n + 1}, as agreed with the coach.", *day]
    assert all(f is None for f in _fates(paragraphs))


PRE_RUN = "Pro tip: Find more pre-run snack ideas in our guide!"
POST_RUN = "Pro tip: Find more post-run snack ideas in our guide!"


def test_a_short_line_with_one_word_swapped_is_another_item() -> None:
    pre, post = paragraph_features(PRE_RUN, 2), paragraph_features(POST_RUN, 2)
    assert fact_guards(pre, post).word_swapped
    assert compare(pre, post, Config()) is None
    assert _fates([LEAD, PRE_RUN, *BODY, POST_RUN]) == [None] * 6


def test_a_swapped_word_does_not_excuse_a_copy_of_the_lead_or_of_a_long_paragraph() -> None:
    lead = "Voters in Springfield approved the new library tax on Tuesday."
    copy = lead.replace("tax", "levy")
    assert _fates([lead, *BODY, copy]) == [None, None, None, None, "near-duplicate"]
    long_copy = LEAD.replace("weekend", "week")
    long_pair = paragraph_features(LEAD, 2), paragraph_features(long_copy, 2)
    assert not fact_guards(*long_pair).word_swapped
    assert _fates([LEAD, *BODY, long_copy])[-1] == "near-duplicate"


def test_what_fills_one_slot_of_a_repeating_template_is_kept() -> None:
    dishes = [
        "Overnight oats (half a cup of rolled oats, milk, chia seeds and blueberries)",
        "Overnight oats (half a cup of rolled oats, milk, chia seeds and blueberries), a banana",
        "Overnight oats (half a cup of rolled oats, milk, chia seeds, walnuts), a banana",
    ]
    paragraphs = [LEAD]
    for day, dish in enumerate(dishes, start=1):
        paragraphs += [f"Day {day}", "Breakfast", "Eat within an hour of waking", dish]
    without_slots = [p for p in paragraphs if p != "Eat within an hour of waking"]
    # The template does not shield the lead: its copy at the end still goes.
    assert _fates([*paragraphs, LEAD]) == [None] * len(paragraphs) + ["exact"]
    # Without the recurring line before each dish, the dishes are copies of the first one.
    assert (
        _fates(without_slots).count("contained") + _fates(without_slots).count("near-duplicate")
        == 2
    )


def test_a_field_a_few_places_before_a_repeating_template_line_is_one_per_record() -> None:
    features = (
        "Automatically on, automatically connected. Easy setup for all your devices. Quick "
        "access to the assistant by voice. Double-tap to play or skip forward. Charges quickly "
        "in the case, and the case can be charged using the Lightning connector."
    )
    wireless = features.replace(
        "charged using", "charged either wirelessly on a Qi-compatible mat or using"
    )
    paragraphs = [LEAD]
    for name, blurb, price in (
        ("Earbuds", features, "$139.00"),
        ("Earbuds with Wireless Case", wireless, "$164.99"),
        ("Earbuds Pro", "Active noise cancellation for immersive sound all day long.", "$234.98"),
    ):
        paragraphs += [name, blurb, price, "Available from Amazon. We may get a commission", "Buy"]
    # The two blurbs are the same field of two products: two facts, both kept.
    assert _fates(paragraphs) == [None] * len(paragraphs)
    # Without the product template around them the second blurb is a rewording.
    assert _fates([LEAD, features, *BODY, wireless]).count("near-duplicate") == 1


def test_a_numbered_heading_restated_by_its_section_or_a_recap_is_kept() -> None:
    heading = "1. Start small and recognise that almost no one is watching yet"
    recap = (
        "Start small and recognise that almost no one is watching yet. The early days are the "
        "time to try what feels uncomfortable, while your audience is still small. Do not "
        "throw yourself in the deep end on day 1."
    )
    assert _fates([LEAD, heading, *BODY, "Let us recap.", recap]) == [None] * 7
    # Without its list number the same line is a cut copy of the recap, as a standfirst is.
    assert _fates([LEAD, heading[3:], *BODY, "Let us recap.", recap])[1] == "contained"
    # A long numbered line is a step of a method, not a heading: its copy still goes.
    step = (
        "2. Meanwhile, heat the olive oil in a large frying pan over a medium heat, add the "
        "onion and cook for eight minutes until soft, then add the garlic"
    )
    assert _fates([LEAD, step, *BODY, step])[-1] == "exact"


def _item(text: str) -> Block:
    return Block(text, BlockKind.LIST_ITEM)


def test_a_summary_bullet_copying_the_text_loses_to_the_paragraph() -> None:
    sentence = "The missile tests were confirmed by a senior administration official."
    paragraph = f"{sentence} The official briefed reporters on condition of anonymity."
    fragment = clean_blocks([LEAD, _item(sentence), BODY[1], paragraph])
    assert [v.removal.rule if v.removal else None for v in fragment.verdicts] == [
        None,
        "contained",
        None,
        None,
    ]
    # An exact copy in the box comes first, yet the paragraph is the one kept.
    exact = clean_blocks([LEAD, _item(paragraph), BODY[1], paragraph])
    removed = exact.verdicts[1].removal
    assert removed is not None and removed.duplicate_of == 3 and exact.verdicts[3].kept


def test_list_items_are_not_judged_against_each_other_nor_when_short() -> None:
    step = "Stir the sauce well and leave it to simmer for a while."
    blocks = [LEAD, _item(step), _item("2 eggs"), BODY[0], _item(step), _item("2 eggs")]
    assert all(v.kept for v in clean_blocks(blocks).verdicts)


@pytest.mark.parametrize("policy", list(KeepPolicy))
def test_keep_policies(policy: KeepPolicy) -> None:
    standfirst = "North Korea fired multiple short-range missiles this past weekend."
    fates = _fates([standfirst, LEAD, *BODY, REWORDED], Config(keep=policy))
    if policy is KeepPolicy.FIRST:
        # The fragment came first and stays; both later copies repeat it.
        assert fates[0] is None and fates[1] == "contained" and fates[-1] is not None
    elif policy is KeepPolicy.LONGEST:
        assert fates[0] == "contained" and fates[1] == "near-duplicate" and fates[-1] is None
    else:
        assert fates[0] == "contained" and fates[1] is None and fates[-1] == "near-duplicate"


def test_pull_quote_before_its_paragraph_loses_to_the_paragraph() -> None:
    paragraph = (
        "The mayor spoke for an hour. \u201cWe will rebuild every house that the river took,\u201d "
        "she said, adding that the money would come from the regional fund."
    )
    quote = "\u201cWe will rebuild every house that the river took,\u201d she said."
    result = clean_blocks([BODY[0], quote, paragraph, BODY[1]])
    removal = result.verdicts[1].removal
    assert removal is not None and removal.reason is Reason.DUPLICATE
    assert removal.duplicate_of == 2 and result.verdicts[2].removal is None


def test_lsh_candidates_agree_with_all_pairs() -> None:
    rng_words = [f"word{i}" for i in range(400)]
    paragraphs = [
        " ".join(rng_words[(i * 7 + j * 13) % 400] for j in range(20)) + "." for i in range(120)
    ]
    paragraphs += [paragraphs[5], paragraphs[40].replace("word", "term", 2), paragraphs[77]]
    small = Config()
    large = replace(small, lsh_min_paragraphs=10)
    all_pairs = clean_blocks(paragraphs, small)
    with_lsh = clean_blocks(paragraphs, large)
    assert [v.removal for v in all_pairs.verdicts] == [v.removal for v in with_lsh.verdicts]
    assert len(all_pairs.removed) >= 2


def test_the_copy_with_a_sentence_more_is_kept_even_when_not_much_longer() -> None:
    short = "The council approved the budget for the new harbour library on Tuesday evening."
    fuller = f"{short} It passed narrowly."
    result = clean_blocks([LEAD, short, BODY[0], fuller])
    removed = result.verdicts[1].removal
    assert removed is not None and removed.duplicate_of == 3
    assert [v.kept for v in result.verdicts] == [True, False, True, True]


def test_days_of_a_series_are_different_items() -> None:
    day_two = (
        "Day 2: the shuttle leaves the harbour at nine and returns from the castle after lunch."
    )
    day_three = (
        "Day 3: the shuttle leaves the station at nine and returns from the museum after lunch."
    )
    assert _fates([LEAD, day_two, BODY[0], day_three]) == [None] * 4


def test_a_lead_repeated_once_in_a_vox_pop_is_no_template() -> None:
    question = "What do you think of the new ferry timetable?"
    answers = [
        "It suits me, I only travel on weekdays and the early boat is back.",
        "The last sailing is far too early for anyone who works in town.",
        "I have not looked at it yet, but my neighbours are furious about it.",
        "Better than last year, when half the sailings were cancelled in winter.",
    ]
    paragraphs = [LEAD, question, answers[0], question, answers[1], LEAD]
    paragraphs += [question, answers[2], question, answers[3]]
    fates = _fates(paragraphs)
    assert fates[5] == "exact"
    assert fates[:5] == [None] * 5 and fates[6:] == [None] * 4


def test_template_places_never_move_when_duplicates_go() -> None:
    # Found by hypothesis: places measured across removable paragraphs moved
    # once the copies between were removed, so cleaning twice differed.
    copy, label_a, label_b = "w3155 w3445 w331 w2121 w4188 w3980.", "w2484.", "w3317."
    paragraphs = [copy, copy, copy, label_a, label_b, label_a, label_b, label_a]
    once = clean_blocks(paragraphs)
    assert once.paragraphs.count(copy) == 1
    assert clean_blocks(once.paragraphs).removed == ()


def test_a_shorter_restatement_of_the_lead_is_a_copy_of_it() -> None:
    # Syndicated pages close by restating the wire lead without its dateline,
    # the attribution moved: about two thirds of its length, reworded.
    lead = (
        "OMAHA, Neb., March 6 (Example Wire) - Prairie Pacific Railroad will cut about 1,100 "
        "jobs and close two of its rail yards in Nebraska and Kansas by the end of the year, "
        "the freight carrier said on Wednesday, as falling coal shipments and weaker grain "
        "exports eat into its volumes."
    )
    restated = (
        "Prairie Pacific Railroad said on Wednesday it would cut roughly 1,100 jobs and shut two "
        "of its rail yards in Nebraska and Kansas by year-end, as falling coal shipments and "
        "weaker grain exports eat into its volumes."
    )
    assert _fates([lead, *BODY, restated])[-1] == "near-duplicate"
    # Deeper in the text the same pair is a fragment judged by containment: kept.
    assert _fates([*BODY, lead, restated])[-1] is None


def test_a_standfirst_rewording_the_lead_loses_to_the_lead() -> None:
    standfirst = (
        "The main pool at the leisure centre is to close for ten months from 2 April so that "
        "contractors can replace its leaking roof, the borough council has said."
    )
    lead = (
        "The main swimming pool at the leisure centre will close on 2 April for ten months "
        "while contractors replace its leaking roof, the borough council has confirmed."
    )
    # The page declares it as its summary (its meta description) ...
    declared = clean_document(
        Document(
            tuple(Block(p) for p in (standfirst, lead, *BODY)), Metadata(description=standfirst)
        )
    )
    assert [v.removal.rule if v.removal else None for v in declared.verdicts] == [
        "near-duplicate",
        None,
        None,
        None,
        None,
    ]
    # ... or labels it.
    labelled = f"Summary: {standfirst}"
    assert _fates([labelled, lead, *BODY]) == ["near-duplicate", None, None, None, None]
    # Further down the page the earlier copy is the one kept, as ever.
    assert _fates([BODY[0], labelled, lead, *BODY[1:]])[2] == "near-duplicate"


def test_a_rewording_right_after_an_unmarked_first_paragraph_is_the_copy() -> None:
    # A lead repeated after an ad slot, reworded: the text alone cannot tell
    # it from a standfirst of the same length, so the first is the lead.
    lead = (
        "Ascom, a global provider focused on healthcare ICT and mobile workflow solutions, "
        "announced a new North American alarm management solution with Dräger on Tuesday."
    )
    copy = (
        "Ascom, a global provider focused on healthcare and mobile workflow solutions, "
        "unveiled a new North American alarm management solution with Dräger on Tuesday."
    )
    assert _fates([lead, "Advertisement", copy, *BODY]) == [
        None,
        "en/ad-marker",
        "near-duplicate",
        None,
        None,
        None,
    ]
    # A cut copy right after it (the lead without its first sentence) is a copy too.
    cut = f"{BODY[0]} {BODY[1]}"
    assert _fates([f"It is official. {cut}", cut, BODY[2]]) == [None, "near-duplicate", None]


def test_short_paragraphs_about_different_people_are_different_facts() -> None:
    first = (
        "O ex-secretário Ronaldo Pires foi condenado a quatro anos de prisão em regime semiaberto."
    )
    second = "O ex-assessor Márcio Leal foi condenado a quatro anos de prisão em regime aberto."
    assert _fates([LEAD, first, *BODY, second])[-1] is None
    assert fact_guards(paragraph_features(first, 2), paragraph_features(second, 2)).other_people


@pytest.mark.parametrize(
    ("text", "labelled"),
    [
        ("Summary: Ferry crews will strike for 48 hours.", True),
        ("In brief: the pool closes for ten months.", True),
        ("Zusammenfassung: Die Fähren stehen still.", True),
        ("NEW DELHI: The government said on Monday.", False),  # a dateline
        ("2019: a year of strikes.", False),
        ("Exclusive: the council will close the pool.", False),  # opens a lead
        ("Jane: I never said that.", False),  # a speaker
        ("Ferry crews will strike: the union said so.", False),
    ],
)
def test_a_summary_label_opens_the_paragraph(text: str, labelled: bool) -> None:
    assert opens_with_label(text) is labelled


def test_a_copy_with_html_entities_left_in_is_an_exact_copy_and_the_clean_one_stays() -> None:
    said = (
        '"It\'s set up nicely," said Lowe, who has coached the side for six seasons '
        "and expects a hard game."
    )
    scraped = said.replace('"', "&quot;").replace("'", "&#39;")
    assert _fates([LEAD, said, *BODY, scraped]) == [None, None, None, None, None, "exact"]
    assert paragraph_features(scraped, 2).tokens == paragraph_features(said, 2).tokens


def test_a_summary_item_restating_a_paragraph_in_other_words_goes() -> None:
    paragraph = (
        "The biggest sacrifice is the built-in stylus slot, which Arcadia dropped to make room "
        "for the larger battery. The pen still works, but owners now have to carry it separately."
    )
    bullet = "Arcadia has dropped the built-in stylus slot to make room for a larger battery."
    item, prose = BlockKind.LIST_ITEM, BlockKind.PARAGRAPH
    blocks = [Block(bullet, item), Block(LEAD), Block(paragraph, prose), *map(Block, BODY)]
    result = clean_document(Document(tuple(blocks)))
    removal = result.verdicts[0].removal
    assert removal is not None and removal.rule == "contained" and removal.duplicate_of == 2
    assert removal.similarity is not None and removal.similarity < Config().containment_threshold
    # As a paragraph, the same sentence is a restatement, under the containment a fragment needs.
    assert _fates([LEAD, bullet, paragraph, *BODY])[1] is None
    # A bullet with a figure of its own says something the text does not.
    own_figure = bullet.replace("a larger battery", "a 5,000mAh battery")
    blocks[0] = Block(own_figure, item)
    assert clean_document(Document(tuple(blocks))).verdicts[0].removal is None


def test_a_refrain_of_a_song_or_chant_is_sung_again_not_copied() -> None:
    refrain = (
        "Scendi piano, fiume lento, / portami dove non c'è vento, / dove il tempo non fa male."
    )
    line = "The tide comes in, the tide goes out, and still we're standing here,"
    assert _fates([LEAD, refrain, BODY[0], refrain, BODY[1]]) == [None] * 5
    assert _fates([LEAD, line, BODY[0], line, BODY[1]]) == [None] * 5
    # A sentence repeated the same way is a copy.
    assert _fates([LEAD, BODY[0], BODY[1], BODY[0]])[3] == "exact"


def test_a_pull_quote_capitalising_a_word_from_mid_sentence_adds_no_name() -> None:
    paragraph = (
        "The singer admits the record was hard to finish. Her grandmother died weeks before the "
        "sessions began. “Then I understood that singing these songs was the only way I had to "
        "keep her with me,” she says."
    )
    quote = "“Singing these songs was the only way I had to keep her with me”"
    assert _fates([LEAD, paragraph, quote, *BODY])[2] == "contained"


def test_entries_under_other_labels_are_other_entries() -> None:
    closed = (
        "Closed Tuesday. Staff should not report, and the district will decide about Wednesday."
    )
    marlow, pike = f"Marlow County Schools: {closed}", f"Pike Valley Schools: {closed}"
    assert _fates([LEAD, marlow, pike, *BODY]) == [None] * 6
    # The same entry with a word of its label dropped is a copy.
    assert _fates([LEAD, marlow, *BODY, f"County Schools: {closed}"])[-1] == "near-duplicate"
    # A one-word label ("Faster:", "Q:") is as often a rewording's slip.
    longer = f"{closed} Parents will get a text message from the district office before seven."
    assert _fates([LEAD, f"Faster: {longer}", *BODY, f"Sooner: {longer}"])[-1] == "near-duplicate"


def test_a_chant_quoted_on_its_own_line_is_chanted_again_not_copied() -> None:
    chant = "“Casas para morar, não para especular!”"
    assert _fates([LEAD, chant, BODY[0], chant, BODY[1]]) == [None] * 5
    # Unquoted, an exclamation is a sentence of the text, which a copy repeats.
    sentence = "He threw five touchdowns and the crowd was absolutely rocking!"
    assert _fates([LEAD, sentence, BODY[0], sentence, BODY[1]])[3] == "exact"


def test_entries_of_a_list_written_as_paragraphs_are_other_entries() -> None:
    closed = "chiuse tutte le scuole di ogni ordine e grado"
    entries = [
        f"Genova: {closed}, gli asili nido, l’università e i parchi.",
        f"Rapallo: {closed} e gli asili nido. Chiuso anche il lungomare al traffico.",
        f"Recco: {closed}. Sospesi i lavori nei cantieri comunali.",
        f"Sarzana: {closed}. Chiuso il sottopasso di via Variante Aurelia.",
    ]
    assert _fates([LEAD, *entries, *BODY]) == [None] * 8
    # Outside a run of labelled entries, a one-word label is no such guard.
    assert _fates([LEAD, entries[1], *BODY, entries[3]])[-1] == "near-duplicate"
    # Within the run, the same entry repeated is still a copy.
    assert _fates([LEAD, *entries, entries[1], *BODY])[5] == "exact"


def test_an_item_under_a_summary_box_label_may_restate_a_paragraph_in_other_words() -> None:
    amendment = (
        "An amendment to keep parking free for Blue Badge holders in all council car parks "
        "was carried by 31 votes to 19."
    )
    bullet = (
        "Blue Badge holders will continue to park free in council car parks after an "
        "amendment was carried."
    )
    headline = "Shares jump 6.2% in early trading"
    shares = "Shares in the company jumped 6.2% in early trading, the biggest gain in the index."

    def fates(label: str, *items: str) -> list[str | None]:
        blocks = [Block(label, BlockKind.HEADING), *map(_item, items), LEAD, amendment, shares]
        return [v.removal.rule if v.removal else None for v in clean_blocks(blocks).verdicts]

    # 0.38 of its word pairs but 0.76 of its words; headline-style items too.
    assert fates("Key points", bullet, headline)[1:3] == ["contained", "contained"]
    # Without the label, a list item needs --threshold of its word pairs.
    assert fates("Parking", bullet, headline)[1:3] == [None, None]
    # A box item with a figure of its own is news, not a restatement.
    assert fates("Key points", bullet.replace("was carried", "was carried 32-18"))[1] is None


ZH_LEAD = (
    "北京时间11月24日，国家统计局发布数据显示，10月份全国规模以上工业增加值同比增长5.6%，"
    "比上月加快0.2个百分点，制造业投资保持较快增长。"
)


def test_chinese_copies_are_found_character_by_character() -> None:
    """Chinese has no spaces: a word run would be a whole clause, and a reworded copy unseen."""
    paragraphs = [
        ZH_LEAD,
        "分析人士认为，稳增长政策持续发力，内需逐步回暖，但外部环境依然复杂严峻，需求不足的问题仍然存在。",
        "分地区看，东部地区增加值同比增长5.9%，中部地区增长6.1%，西部地区增长5.2%。",
        "分地区看，东部地区投资同比增长4.9%，中部地区增长7.1%，西部地区增长3.2%。",
        "11月24日，国家统计局公布的数据显示，10月全国规模以上工业增加值同比增长5.6%，"
        "较上月加快0.2个百分点，制造业投资保持较快增长。",
    ]
    result = clean_blocks(paragraphs)
    assert result.paragraphs == tuple(paragraphs[:4])
    (removed,) = result.removed
    assert removed.removal is not None and removed.removal.duplicate_of == 0
    # 54 characters count as 27 words, beside the 7 figures ("11", "24", "10", "5", "6", …).
    lead = paragraph_features(ZH_LEAD, 2)
    assert (lead.cjk_tokens, len(lead.tokens), lead.word_count) == (54, 61, 34)


def test_a_season_or_month_in_place_of_another_is_another_fact() -> None:
    first = (
        "The first 20 buses are scheduled for delivery in spring 2026 and will be based at "
        "the authority's main garage on the north side of the city, officials said."
    )
    next_ = (
        "The next 20 buses are scheduled for delivery in autumn 2026 and will be based at "
        "the authority's main garage on the north side of the city, officials said."
    )
    assert clean_blocks([LEAD, first, next_]).removed == ()
    assert {"spring", "2026"} <= paragraph_features(first, 2).numbers
    # Without the seasons the two differ in "first"/"next" alone: a rewording.
    plain = [LEAD, first.replace(" in spring", ""), next_.replace(" in autumn", "")]
    assert len(clean_blocks(plain).removed) == 1


def test_a_quoted_sentence_in_guillemets_is_a_sentence_not_a_label() -> None:
    quote = "«Der Berg gibt den Takt vor, nicht wir.»"
    assert paragraph_features(quote, 2).is_sentence
    source = (
        "«Wir können die Strasse erst öffnen, wenn nichts mehr nachkommt», sagte die "
        f"Ingenieurin. Eine Prognose sei schwierig. {quote}"
    )
    result = clean_blocks([LEAD, source, quote])
    (removed,) = result.removed
    assert removed.block.text == quote


def test_two_items_of_one_template_differ_in_one_run_of_words() -> None:
    inspection = "Open any inspection assigned to you in the last 30 days"
    template = "Open any form template your team has published in the last 30 days"
    assert clean_blocks([LEAD, inspection, template]).removed == ()
    # Two edits apart are a rewording, not another item.
    reworded = "Open any inspection given to you in the past 30 days"
    assert len(clean_blocks([LEAD, inspection, reworded]).removed) == 1


def test_a_short_sentence_standing_alone_three_times_is_a_refrain() -> None:
    refrain = "Open at seven. Close at six. Then home."
    quoting = (
        "When I asked him why he bothered, he pointed at the sign above the register: "
        f"{refrain} He painted it himself the winter the mill closed."
    )
    later = "He opened at seven the next morning too, and the morning after."
    last = "The sign is still there, though the shop has been closed since April."
    blocks = [LEAD, quoting, refrain, later, refrain, last, refrain]
    assert clean_blocks(blocks).removed == ()
    # Repeated in a row it is a glitch: the copies go.
    assert len(clean_blocks([LEAD, quoting, later, refrain, refrain, refrain]).removed) == 3
    # Once on its own it is a pull quote of the paragraph that holds it.
    (removed,) = clean_blocks([LEAD, quoting, refrain]).removed
    assert removed.block.text == refrain


def test_a_verdict_box_loses_to_the_conclusion_it_restates() -> None:
    verdict = (
        "The Halden Aero 3 sound richer than anything else we have tested at this price, "
        "and their noise cancelling comfortably beats last year's model."
    )
    conclusion = (
        "The Halden Aero 3 sound richer than anything else we have tested at this price, "
        "and their noise cancelling is a clear step up on last year's model."
    )
    blocks = [
        Block("Our Verdict", BlockKind.HEADING),
        Block(verdict),
        Block(LEAD),
        Block(conclusion),
    ]
    result = clean_blocks(blocks)
    assert result.paragraphs == (LEAD, conclusion)
    rules = [v.removal.rule if v.removal else None for v in result.verdicts]
    assert rules == ["common/orphan-label", "near-duplicate", None, None]
