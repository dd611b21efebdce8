#!/usr/bin/env python3
"""Recall and false alarms of untranslated/foreign-words on an evaluation set of its own.

The set: clean English news-style sentences (with names, places, loans, quoted titles and
glossed words, which must stay silent); the same kind of sentences with common words and
short phrases of other languages inserted at the start (capitalised, as a sentence
opens), in the middle (lowercase) and in the middle capitalised (as nouns and titles are);
and hand-written fragments of the kind machine translation leaves.

Each case is its own file, checked in one run of mtlint. A case counts as found when a
finding of the rule overlaps the inserted text; a clean sentence with any finding of the
rule is a false alarm.

  python3 eval/untranslated.py [--mtlint PATH] [--show]

Not a test: it prints figures (recorded in bench/RESULTS.md), and exits 0.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

RULE = "untranslated/foreign-words"

# Templates with one slot; the slot is mid-sentence unless it opens the sentence.
MIDDLE = [
    "The minister said the talks were {} and left the building.",
    "Officials described the plan as {} in a statement on Monday.",
    "The company reported {} results for the third quarter.",
    "Residents said the water supply had been {} since the storm.",
    "The court ruled that the contract was {} and ordered a new hearing.",
    "Prices rose {} in the capital, according to the statistics office.",
    "The opposition called the budget {} during the debate.",
    "Rescue teams worked {} to reach the village before nightfall.",
]
START = [
    "{}, the central bank kept its interest rates unchanged.",
    "{}, the government announced new measures to support farmers.",
    "{}, the museum will reopen after two years of repairs.",
    "{}, investors remained cautious ahead of the election.",
]

# Common words and short phrases, as a translation system leaves them.
INSERTS = {
    "Spanish": ["sin embargo", "muy difícil", "actualmente", "según fuentes oficiales",
                "por otra parte", "todavía", "mientras tanto", "aproximadamente"],
    "French": ["très difficile", "toutefois", "le lundi", "actuellement",
               "par ailleurs", "néanmoins", "aujourd'hui", "malheureusement"],
    "German": ["sehr schwierig", "allerdings", "zurzeit", "ungefähr",
               "inzwischen", "deshalb", "wahrscheinlich", "nach Angaben"],
    "Italian": ["attualmente", "molto difficile", "tuttavia", "purtroppo",
                "nel frattempo", "comunque", "soprattutto", "secondo le fonti"],
    "Portuguese": ["atualmente", "muito difícil", "no entanto", "infelizmente",
                   "enquanto isso", "aproximadamente", "também", "segundo fontes"],
    "Dutch": ["ongeveer", "echter", "momenteel", "heel moeilijk",
              "ondertussen", "waarschijnlijk", "volgens bronnen", "bovendien"],
    "Polish": ["miesięcznie", "bardzo trudne", "jednak", "obecnie",
               "prawdopodobnie", "w tym czasie", "niestety", "według źródeł"],
    "Czech": ["velmi obtížné", "nicméně", "v současné době", "pravděpodobně",
              "bohužel", "přibližně", "mezitím", "podle zdrojů"],
    "Swedish": ["mycket svårt", "dock", "för närvarande", "ungefär",
                "tyvärr", "förmodligen", "under tiden", "enligt källor"],
    "Romanian": ["foarte dificil", "totuși", "în prezent", "aproximativ",
                 "din păcate", "probabil", "între timp", "potrivit surselor"],
    "Turkish": ["çok zor", "ancak", "şu anda", "yaklaşık",
                "maalesef", "muhtemelen", "bu arada", "kaynaklara göre"],
    "Hungarian": ["nagyon nehéz", "azonban", "jelenleg", "körülbelül",
                  "sajnos", "valószínűleg", "közben", "források szerint"],
}

# Hand-written fragments of machine-translated news: (sentence, untranslated part, language).
FRAGMENTS = [
    ("The repairs cost PLN 4bn miesięcznie, officials said.", "miesięcznie", "Polish"),
    ("The museum is closed le lundi and on public holidays.", "le lundi", "French"),
    ("The minister, attualmente in Rome, declined to comment.", "attualmente", "Italian"),
    ("The talks were sehr schwierig, according to diplomats.", "sehr schwierig", "German"),
    ("Por otra parte, the central bank kept its rates.", "Por otra parte", "Spanish"),
    ("The mayor promised to fix the roads antes del verano.", "antes del verano", "Spanish"),
    ("Turnout was higher than expected, selon le ministère.", "selon le ministère", "French"),
    ("The strike will continue bis auf weiteres, the union said.", "bis auf weiteres", "German"),
    ("Traffic was blocked for hours, soprattutto in the centre.", "soprattutto", "Italian"),
    ("The new line will open no próximo ano, the operator said.", "no próximo ano", "Portuguese"),
    ("The factory employs ongeveer 300 people.", "ongeveer", "Dutch"),
    ("The hospital received the patients, niestety too late.", "niestety", "Polish"),
    ("The bridge has been closed od poniedziałku.", "od poniedziałku", "Polish"),
    ("The prime minister met the unions, nicméně no deal was reached.", "nicméně", "Czech"),
    ("Prices rose by 3 percent jämfört med förra året.", "jämfört med förra året", "Swedish"),
    ("The vote was postponed din cauza protestelor.", "din cauza protestelor", "Romanian"),
    ("The ministry said the project was tamamlandı last week.", "tamamlandı", "Turkish"),
    ("Farmers protested in the capital, különösen in the north.", "különösen", "Hungarian"),
    ("The company said the merger was todavía pendiente.", "todavía pendiente", "Spanish"),
    ("The festival drew thousands of visitors, malgré la pluie.", "malgré la pluie", "French"),
    ("Exports fell sharply im Vergleich zum Vorjahr.", "im Vergleich zum Vorjahr", "German"),
    ("The police arrived dopo circa venti minuti.", "dopo circa venti minuti", "Italian"),
    ("Schools will remain closed até segunda-feira.", "até segunda-feira", "Portuguese"),
    ("The council approved the plan zonder verdere discussie.", "zonder verdere discussie", "Dutch"),
]

# Clean sentences: must stay silent.
CLEAN = [
    "The central bank kept its interest rates unchanged on Thursday.",
    "Juan Carlos de la Torre, the mayor of San Sebastián, opened the new library.",
    "The talks in Brussels ended without an agreement late on Friday.",
    "Pedro Almodóvar's latest film premiered at the Venice festival.",
    "The café on the corner served croissants and espresso to the fiancé.",
    "The ruling was, per se, a de facto return to the status quo.",
    "She sang “La vie en rose” at the gala in Paris.",
    "The Spanish word madrugada (the small hours) has no exact English twin.",
    "The so-called Mittelstand, Germany's family firms, employs millions.",
    "Officials in São Paulo and Porto Alegre reported heavy rain.",
    "The company, based in Zürich, cut 200 jobs.",
    "Angela Merkel and Emmanuel Macron met in Aachen.",
    "The Bundestag voted on the bill after a long debate.",
    "The novel Cien años de soledad sold millions of copies.",
    "The restaurant's chef trained in Lyon before moving to London.",
    "Ludwig van Beethoven wrote nine symphonies.",
    "The team's coach, Carlo Ancelotti, praised his players.",
    "The Fiscalía, the public prosecutor's office, opened an inquiry.",
    "The road was 5 km long and cost €3 million.",
    "Details are published at https://example.org/informe/anual.",
    "The data is in the file `resultados_finales.csv` on the server.",
    "Her motto, carpe diem, was printed on the wall.",
    "The force majeure clause protected the supplier.",
    "The bona fide offer was rejected ad hoc by the board.",
    "The plaza was full of people waiting for the procession.",
    "The guerrilla group agreed to a ceasefire in the jungle.",
    "Volunteers served paella and sangria at the fiesta.",
    "The piano concerto was played allegro, then adagio.",
    "The Nobel laureate was born in Kraków and studied in Warsaw.",
    "The IKEA store in Malmö opened in 1970.",
    "Lech Wałęsa led the Solidarity movement in Gdańsk.",
    "The new president of Portugal, Marcelo Rebelo de Sousa, was sworn in.",
    "Tourists crowded the Champs-Élysées on Bastille Day.",
    "The bakery sold baguettes, brioche and pain au chocolat.",
    "The strike at Volkswagen's Wolfsburg plant ended on Monday.",
    "The doctors worked in the ICU for twelve hours straight.",
    "A spokesman for the Ministry of Defence declined to comment.",
    "The report found that the project was delayed by two years.",
    "Farmers in Andalusia complained about the drought.",
    "The prime minister will visit Ankara and Istanbul next week.",
    "The museum's collection includes works by Rembrandt and Vermeer.",
    "Ferrari and Lamborghini are based near Modena and Bologna.",
    "The Hungarian parliament met in Budapest on Tuesday.",
    "The film, titled Amores perros, was shot in Mexico City.",
    "The regatta started at dawn and ended at dusk.",
    "Oktoberfest in Munich attracts millions of visitors each year.",
    "The referendum in Catalonia was declared illegal by Madrid.",
    "He ordered a latte and a croissant at the counter.",
    "The ensemble performed a cappella at the cathedral.",
    "The delegates agreed, inter alia, to share intelligence.",
    "The exhibition of art nouveau posters opened in Prague.",
    "The company's CEO, Ana Botín, spoke at the conference.",
    "The ship sailed from Rotterdam to Gdynia with grain.",
    "The soprano sang an aria from La traviata.",
    "The tango festival in Buenos Aires drew dancers from Europe.",
    "The hotel offered a buffet, a sauna and free parking.",
    "The schedule was posted online, and tickets sold out within minutes.",
    "Police said the suspect had fled toward the border.",
    "The airline cancelled flights to Lisbon and Porto because of the strike.",
    "The minister's deputy, Ines Rodríguez, answered questions from reporters.",
]


def capitalise(s):
    return s[:1].upper() + s[1:]


def cases():
    out = []  # (kind, language, position, text, inserted)
    for lang, inserts in INSERTS.items():
        for n, ins in enumerate(inserts):
            mid = MIDDLE[n % len(MIDDLE)]
            out.append(("insert", lang, "middle", mid.format(ins), ins))
            start = START[n % len(START)]
            out.append(("insert", lang, "start", start.format(capitalise(ins)), capitalise(ins)))
            cap = " ".join(capitalise(w) for w in ins.split())
            out.append(("insert", lang, "capitalised", mid.format(cap), cap))
    for text, part, lang in FRAGMENTS:
        out.append(("fragment", lang, "fragment", text, part))
    for text in CLEAN:
        out.append(("clean", "-", "-", text, None))
    return out


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default = os.path.join(here, "target/release/mtlint")
    if not os.path.exists(default):
        default = os.path.join(here, "target/debug/mtlint")
    ap.add_argument("--mtlint", default=default)
    ap.add_argument("--show", action="store_true", help="list misses and false alarms")
    args = ap.parse_args()
    all_cases = cases()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (_, _, _, text, _) in enumerate(all_cases):
            p = os.path.join(tmp, f"{i:04}.txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            paths.append(p)
        run = subprocess.run(
            [args.mtlint, "check", "--format", "json", "--fail-on", "never", "--select", RULE]
            + paths,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"mtlint failed: {run.stderr}")
        findings = defaultdict(list)
        for f in json.loads(run.stdout or "[]"):
            if f["rule"] == RULE:
                findings[os.path.basename(f["path"])].append(f)
    by_lang = defaultdict(lambda: [0, 0])
    by_pos = defaultdict(lambda: [0, 0])
    alarms, clean_total, misses, false_alarms = 0, 0, [], []
    for i, (kind, lang, pos, text, ins) in enumerate(all_cases):
        fs = findings.get(f"{i:04}.txt", [])
        if kind == "clean":
            clean_total += 1
            if fs:
                alarms += 1
                false_alarms.append((text, [f["matched"] for f in fs]))
            continue
        start = text.encode("utf-8").index(ins.encode("utf-8"))
        end = start + len(ins.encode("utf-8"))
        hit = any(f["byte_start"] < end and start < f["byte_end"] for f in fs)
        extra = [f["matched"] for f in fs if not (f["byte_start"] < end and start < f["byte_end"])]
        if extra:
            false_alarms.append((text, extra))
        for table in (by_lang[lang], by_pos[pos]):
            table[0] += hit
            table[1] += 1
        if not hit:
            misses.append((lang, pos, text))
    print(f"{'language':<12} found/cases  recall")
    for lang in sorted(by_lang):
        h, n = by_lang[lang]
        print(f"{lang:<12} {h:>5}/{n:<5}  {h / n:.2f}")
    print(f"\n{'position':<12} found/cases  recall")
    for pos in ("middle", "start", "capitalised", "fragment"):
        h, n = by_pos[pos]
        print(f"{pos:<12} {h:>5}/{n:<5}  {h / n:.2f}")
    h = sum(v[0] for v in by_pos.values())
    n = sum(v[1] for v in by_pos.values())
    print(f"\nall insertions and fragments: {h}/{n} = {h / n:.2f}")
    print(f"clean sentences flagged: {alarms}/{clean_total} = {alarms / clean_total:.3f}")
    print(f"findings outside the inserted text: {len(false_alarms) - alarms}")
    if args.show:
        print("\nmisses:")
        for m in misses:
            print("  ", *m)
        print("\nfalse alarms:")
        for text, matched in false_alarms:
            print("  ", text, matched)


if __name__ == "__main__":
    main()
