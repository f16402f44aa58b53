"""Labels the English-speaking, Canadian, Indian and Gulf regulators accept pass upfront on a
sponsored caption; labels they reject are named as insufficient; an accepted label buried in the
closing hashtags is reported as not visible upfront. The labels come from each regulator's own
guidance (see the packs' references and tests/realcases/regulator/<market>.yaml)."""

from __future__ import annotations

import pytest
from conftest import DAY

CAPTION = {
    "en": "Three weeks with this new rain jacket and I have stayed dry on every commute, even the stormy ones.",
    "fr": "Trois semaines avec ce nouvel imperméable et je suis restée au sec à chaque trajet, même sous l'orage.",
    "hi": "तीन हफ्तों से यह नई रेनकोट पहन रही हूँ और हर बारिश में सूखी रही।",
    "ar": "ثلاثة أسابيع مع هذا المعطف الجديد وبقيت جافة في كل مشوار حتى تحت المطر.",
}
TAGS = {
    "en": "#raincoat #commute #outfit #style",
    "fr": "#imper #mode #style #pluie",
    "hi": "#रेनकोट #फैशन #स्टाइल #बारिश",
    "ar": "#معطف #موضة #ستايل #مطر",
}

# market: (language, accepted labels, rejected labels)
LABELS = {
    "en-US": (
        "en",
        [
            "#ad",
            "Ad:",
            "Sponsored",
            "Advertisement",
            "#StormcoatPartner",
            "#Stormcoat_Ambassador",
            "Stormcoat paid me for this post.",
            "Stormcoat sent me this jacket to try.",
            "Thanks to Stormcoat for the free jacket!",
            "Paid partnership with Stormcoat.",
            "I earn a commission on purchases made through my links.",
        ],
        [
            "#sp",
            "#spon",
            "#collab",
            "#partner",
            "#ambassador",
            "#thanks",
            "Thanks @stormcoat!",
            "Thanks Stormcoat!",
            "Affiliate link below.",
            "Not sponsored!",
        ],
    ),
    "en-GB": (
        "en",
        ["#ad", "Ad", "AD |", "Advert", "Advertising", "Advertisement", "Advertisement feature", "#AdGifted"],
        [
            "#sp",
            "Spon",
            "#spon",
            "Sponsored",
            "#gifted",
            "Gifted",
            "#affiliate",
            "#collab",
            "#client",
            "In collaboration with Stormcoat.",
            "Brought to you by Stormcoat.",
            "Thanks to Stormcoat for making this possible!",
            "In association with Stormcoat.",
            "PR |",
        ],
    ),
    "en-IE": (
        "en",
        ["#Ad", "#AD", "#Gifted", "Paid partnership with Stormcoat.", "#Ad #Sponsored"],
        [
            "ad",
            "AD",
            "#sp",
            "#Sponsored",
            "#Collaboration",
            "#BrandAmbassador",
            "#Affiliate",
            "#OwnBrand",
            "#IWorkWithStormcoat",
            "#PRinvite",
        ],
    ),
    "en-CA": (
        "en",
        [
            "#ad",
            "#sponsored",
            "#StormcoatPartner",
            "#Stormcoat_Partner",
            "#StormcoatAmbassador",
            "#Gifted",
            "#InvitedGuest",
            "I'm excited to be working with Stormcoat on the launch of their new jacket.",
        ],
        ["#spon", "#collab", "#ambassador", "#partner", "Thanks @stormcoat!"],
    ),
    "fr-CA": (
        "fr",
        [
            "#pub",
            "#commandité",
            "#Stormcoat_partenaire",
            "#StormcoatAmbassadrice",
            "Publicité",
            "Partenariat rémunéré avec Stormcoat.",
        ],
        ["#ad", "#sponsored", "#spon", "#collab", "#ambassadeur", "#partenaire", "Merci à @stormcoat!"],
    ),
    "en-AU": (
        "en",
        ["#ad", "Advert", "Advertising", "Branded Content", "Paid Partnership", "Paid Promotion"],
        [
            "#sp",
            "Spon",
            "Sponcon",
            "gifted",
            "#gifted",
            "Affiliate",
            "Collab",
            "ambassador",
            "Thanks to Stormcoat for the jacket!",
        ],
    ),
    "en-NZ": (
        "en",
        ["Ad", "#ad", "Advert", "Advertisement", "#Advertisement #gifted"],
        ["Sponsored", "Gifted", "#gifted", "#gift", "Spon", "Collab", "#sp", "#PRSample", "#ambassador"],
    ),
    "en-SG": (
        "en",
        ["#ad", "Sponsored", "Sponsored by Stormcoat.", "Advertisement", "Stormcoat sent me this jacket to try."],
        ["#sp", "#spon", "#collab", "Thank you @stormcoat!"],
    ),
    "en-IN": (
        "en",
        [
            "#Ad",
            "Advertisement",
            "#Sponsored",
            "#Collaboration",
            "#Partnership",
            "#Employee",
            "Free gift",
            "#Affiliate",
            "Paid partnership",
            "#PaidPromotion",
        ],
        ["#spon", "#sp", "#collab", "#promo", "#gifted", "Thank you @stormcoat!"],
    ),
    "hi-IN": (
        "hi",
        ["#विज्ञापन", "विज्ञापन", "प्रायोजित", "#सहयोग", "मुफ़्त उपहार", "#Ad", "#Sponsored", "#Collaboration"],
        ["#spon", "#collab", "#promo", "#gifted", "धन्यवाद @stormcoat", "यह विज्ञापन नहीं है।"],
    ),
    "ar-AE": (
        "ar",
        ["#إعلان", "إعلان", "#اعلان", "مادة إعلانية", "#ad", "#paid_ad"],
        ["بالتعاون مع ستورم كوت", "شكراً @stormcoat", "هذا ليس إعلاناً"],
    ),
    "en-AE": (
        "en",
        ["#ad", "#paid_ad", "Advertisement", "Advertisement Material", "#إعلان"],
        ["In cooperation with Stormcoat.", "Thank you @stormcoat!", "In collaboration with Stormcoat."],
    ),
    "ar-SA": (
        "ar",
        ["#إعلان", "إعلان", "#اعلان", "مادة إعلانية", "إعلان مدفوع"],
        ["هذا ليس إعلاناً", "مو إعلان", "#ad", "تجربة شخصية", "شكراً @stormcoat"],
    ),
}
CASES_OK = [(m, label) for m, (_, ok, _) in LABELS.items() for label in ok]
CASES_BAD = [(m, label) for m, (_, _, bad) in LABELS.items() for label in bad]


def disclosure(check_text, text: str, market: str) -> list:
    return [f for f in check_text(text, market, sponsored=True, day=DAY) if f.category == "disclosure"]


@pytest.mark.parametrize(("market", "label"), CASES_OK)
def test_accepted_label_upfront_passes(check_text, market: str, label: str) -> None:
    language = LABELS[market][0]
    text = f"{label} {CAPTION[language]}\n\n{TAGS[language]}"
    assert disclosure(check_text, text, market) == []


@pytest.mark.parametrize(("market", "label"), CASES_BAD)
def test_rejected_label_is_named(check_text, market: str, label: str) -> None:
    language = LABELS[market][0]
    text = f"{label} {CAPTION[language]}\n\n{TAGS[language]}"
    found = disclosure(check_text, text, market)
    assert found, f"{market}: {label!r} passed"
    assert found[0].match.lower() in label.lower(), f"{market}: {label!r} not named as insufficient: {found[0].match!r}"


@pytest.mark.parametrize("market", sorted(LABELS))
def test_accepted_label_in_closing_hashtags_is_not_upfront(check_text, market: str) -> None:
    language, accepted, _ = LABELS[market]
    tag = next(label for label in accepted if label.startswith("#"))
    text = f"{CAPTION[language]}\n\n{TAGS[language]} {tag}"
    [finding] = disclosure(check_text, text, market)
    assert finding.match == tag
