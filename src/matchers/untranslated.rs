//! Words and phrases of another language left in Latin script ("the museum is closed le
//! lundi", "the talks were sehr schwierig"). Evidence comes from an embedded table built
//! by `data/untranslated/build.py` from word frequencies (wordfreq) with SCOWL's English
//! words and names as a floor: a word counts as foreign when it is much more common in
//! another language than in English. Capitalised words, sentence starts, names, loans,
//! quotations, glosses, units and code are held to more evidence or left alone.
//! The table is read in place (a header, then front-coded blocks searched by their first
//! word), and its Bloom filter is built at build time: nothing is built at start-up.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Context, RawMatch};
use crate::text::words::{Case, Key, key_of_spelling};

/// The generated table; its format is described in `data/untranslated/build.py`.
pub static DATA: &[u8] = include_bytes!("../../data/untranslated/words.bin");
/// Foreign phrases established in English, one per line.
static LOANS: &str = include_str!("../../data/untranslated/loans.txt");

const FLOOR_WORD: u8 = 1;
const FLOOR_NAME: u8 = 2;
const LOWER_ONLY: u8 = 4;
const NAME_ONLY: u8 = 8;

/// Zipf differences (times ten) between the foreign and the English frequency.
/// A lowercase word on its own: 2.5 (about 300 times more common abroad).
const STRONG: i32 = 25;
/// Zipf (times ten) a sentence's first word needs to stand alone.
const STRONG_INITIAL_FREQUENCY: u8 = 45;
/// The same for a word with an English zipf of 1 or more.
const STRONG_ATTESTED: i32 = 31;
/// Zipf (times ten) a word needs in its language to stand alone: 4, ten per million.
const STRONG_FREQUENCY: u8 = 40;
/// A capitalised word in mid-sentence, lowercase-only in its language.
const STRONG_CAPITALISED: i32 = 25;
/// Letters a capitalised word in mid-sentence needs to stand alone.
const STRONG_CAPITALISED_LENGTH: usize = 7;
/// Each word of a run of two that carries it without a strong word.
const RUN: i32 = 20;
/// An English zipf (times ten) above which a weak word is English at a run's edge.
const COMMON_ENGLISH: u8 = 60;
/// Above this share of foreign words the text is not English: the rule stays silent.
const MAX_FOREIGN_SHARE: f64 = 0.2;

/// Language codes of the table, with their English names.
const NAMES: &[(&str, &str)] = &[
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("cs", "Czech"),
    ("sv", "Swedish"),
    ("da", "Danish"),
    ("nb", "Norwegian"),
    ("fi", "Finnish"),
    ("hu", "Hungarian"),
    ("ro", "Romanian"),
    ("tr", "Turkish"),
    ("ca", "Catalan"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("id", "Indonesian"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
];

/// Words that join a name rather than a sentence ("de la Cruz", "van Gogh").
const PARTICLES: &[&str] = &[
    "al", "ben", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el",
    "ibn", "la", "le", "lo", "los", "san", "santa", "st", "ten", "ter", "van", "von", "y",
];

/// Words before a foreign term that announce it ("the French word", "known as").
const ANNOUNCERS: &[&str] = &[
    "word",
    "words",
    "term",
    "phrase",
    "expression",
    "motto",
    "slogan",
    "called",
    "dubbed",
    "named",
    "titled",
    "entitled",
    "meaning",
    "means",
    "known",
    "latin",
    "spanish",
    "french",
    "german",
    "italian",
    "portuguese",
    "dutch",
    "polish",
    "czech",
    "swedish",
    "danish",
    "norwegian",
    "finnish",
    "hungarian",
    "romanian",
    "turkish",
    "catalan",
    "slovak",
    "slovenian",
    "indonesian",
    "lithuanian",
    "latvian",
    "español",
    "français",
    "deutsch",
    "italiano",
    "português",
    "nederlands",
    "polski",
    "čeština",
    "svenska",
    "dansk",
    "norsk",
    "suomi",
    "magyar",
    "română",
    "türkçe",
    "català",
    "slovenčina",
    "slovenščina",
    "lietuvių",
    "latviešu",
];

/// What the table knows of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    /// English zipf frequency, times ten.
    pub english: u8,
    pub flags: u8,
    /// (language index, zipf times ten), best first.
    pub languages: [(u8, u8); 4],
    pub count: u8,
}

impl Entry {
    fn best(&self) -> u8 {
        self.languages[0].1
    }

    fn margin(&self) -> i32 {
        i32::from(self.best()) - i32::from(self.english)
    }

    fn has(&self, language: u8) -> bool {
        self.languages[..self.count as usize]
            .iter()
            .any(|(l, _)| *l == language)
    }
}

/// The embedded table, read in place.
pub struct Table {
    languages: Vec<&'static str>,
    block: usize,
    offsets: &'static [u8],
    entries: &'static [u8],
    len: usize,
    /// A Bloom filter of the words: most words of English text are not in the table,
    /// and this answers them without a search. The built-in table's is built at build
    /// time; another table's on first use.
    filter: OnceLock<Cow<'static, [u64]>>,
}

pub use super::word_table::TableError;
use super::word_table::filter_bits;

/// The built-in table's Bloom filter, built by build.rs (`word_table::build_filter`).
mod builtin_filter {
    include!(concat!(env!("OUT_DIR"), "/untranslated_filter.rs"));
}

impl Table {
    /// The built-in table, with the Bloom filter built at build time.
    pub fn builtin() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            let table = Table::parse(DATA).expect("the embedded table is well formed");
            let _ = table.filter.set(Cow::Borrowed(&builtin_filter::FILTER[..]));
            table
        })
    }

    /// Reads a table's header; the entries stay where they are.
    pub fn parse(data: &'static [u8]) -> Result<Table, TableError> {
        let layout = super::word_table::layout(data)?;
        let languages = layout
            .codes
            .iter()
            .map(|&code| {
                NAMES
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or(code, |(_, name)| name)
            })
            .collect();
        Ok(Table {
            languages,
            block: layout.block,
            offsets: layout.offsets,
            entries: layout.entries,
            len: layout.len,
            filter: OnceLock::new(),
        })
    }

    /// Whether the table may hold a word (false: it does not).
    fn may_hold(&self, key: &[u8]) -> bool {
        let filter = self.filter.get_or_init(|| self.build_filter());
        let (word, mask) = filter_bits(key);
        filter[word] & mask == mask
    }

    fn build_filter(&self) -> Cow<'static, [u64]> {
        Cow::Owned(super::word_table::build_filter(self.entries, self.len))
    }

    /// Calls `f` with each word of the table, in order.
    #[cfg(test)]
    fn for_each_word(&self, f: impl FnMut(&[u8])) {
        super::word_table::for_each_word(self.entries, self.len, f);
    }

    /// How many words the table holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The English name of a language index.
    pub fn language(&self, index: u8) -> &'static str {
        self.languages.get(index as usize).copied().unwrap_or("?")
    }

    /// The index of a language given by code or English name ("es", "Spanish").
    pub fn language_index(&self, name: &str) -> Option<u8> {
        let name = name.trim();
        NAMES
            .iter()
            .position(|(code, english)| {
                code.eq_ignore_ascii_case(name) || english.eq_ignore_ascii_case(name)
            })
            .and_then(|i| {
                let english = NAMES[i].1;
                self.languages.iter().position(|l| *l == english)
            })
            .map(|i| i as u8)
    }

    fn offset(&self, block: usize) -> usize {
        let b = &self.offsets[4 * block..4 * block + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    }

    /// The first word of a block (stored whole).
    fn first_key(&self, block: usize) -> &'static [u8] {
        let at = self.offset(block);
        let len = self.entries.get(at + 1).copied().unwrap_or(0) as usize;
        self.entries.get(at + 2..at + 2 + len).unwrap_or(&[])
    }

    /// What the table knows of a lowercase word.
    pub fn lookup(&self, key: &[u8]) -> Option<Entry> {
        let blocks = self.offsets.len() / 4;
        if blocks == 0 || key.is_empty() || key.len() > 255 || !self.may_hold(key) {
            return None;
        }
        // The last block whose first word is not after the key.
        let (mut lo, mut hi) = (0, blocks);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.first_key(mid) <= key {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let e = self.entries;
        let mut at = self.offset(lo);
        let mut word = [0u8; 255];
        let mut word_len = 0;
        let count = self.block.min(self.len - lo * self.block);
        for _ in 0..count {
            let prefix = *e.get(at)? as usize;
            let suffix = *e.get(at + 1)? as usize;
            let bytes = e.get(at + 2..at + 2 + suffix)?;
            if prefix > word_len || prefix + suffix > word.len() {
                return None;
            }
            word[prefix..prefix + suffix].copy_from_slice(bytes);
            word_len = prefix + suffix;
            at += 2 + suffix;
            let english = *e.get(at)?;
            let flags = *e.get(at + 1)?;
            let n = *e.get(at + 2)? as usize;
            at += 3;
            let current = &word[..word_len];
            match current.cmp(key) {
                std::cmp::Ordering::Less => at += 2 * n,
                std::cmp::Ordering::Greater => return None,
                std::cmp::Ordering::Equal => {
                    let mut entry = Entry {
                        english,
                        flags,
                        count: n.min(4) as u8,
                        ..Entry::default()
                    };
                    for (i, slot) in entry.languages.iter_mut().take(n.min(4)).enumerate() {
                        *slot = (*e.get(at + 2 * i)?, *e.get(at + 2 * i + 1)?);
                    }
                    return (n > 0).then_some(entry);
                }
            }
        }
        None
    }
}

/// The loans, and the longest of them in words.
fn loans() -> &'static (FxHashSet<&'static str>, usize) {
    static LOAN_SET: OnceLock<(FxHashSet<&'static str>, usize)> = OnceLock::new();
    LOAN_SET.get_or_init(|| {
        let set: FxHashSet<&str> = LOANS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let longest = set.iter().map(|l| l.split(' ').count()).max().unwrap_or(1);
        (set, longest)
    })
}

/// What the table knows of the words looked up lately, for each thread: a
/// direct-mapped array of slots, each chosen by a hash of its word (`Word::key` for the
/// words of a text), the word itself kept inline to tell two words of one slot apart. A
/// hit reads one slot, and the table (its filter alone is 512 KiB, a cache miss nearly
/// every time) is read only for words not seen lately. A fixed 1.1 MiB, where a hash
/// map of every word seen grew to a few MiB; replacing it took about a tenth off a
/// one-thread check of a tree of articles (`bench/RESULTS.md`).
struct Cache {
    slots: Box<[Cached]>,
}

/// Words longer than this are looked up without the cache (few are).
const CACHED_LEN: usize = 22;

/// One word of the cache and what the table knows of it; `len` 0: an empty slot (no
/// word looked up is empty).
#[derive(Debug, Clone, Copy, Default)]
struct Cached {
    len: u8,
    word: [u8; CACHED_LEN],
    entry: Option<Entry>,
}

/// How many words ahead a word's cache slot is asked for (`Cache::prefetch`): a slot
/// is rarely in the processor's cache, and a load takes as long as a few words' work.
const LOOK_AHEAD: usize = 8;

/// Slots of the cache: a power of two.
const CACHE_SLOTS: usize = 1 << CACHE_BITS;
const CACHE_BITS: u32 = 15;

impl Cache {
    fn new() -> Cache {
        Cache {
            slots: vec![Cached::default(); CACHE_SLOTS].into_boxed_slice(),
        }
    }

    fn slot(&mut self, key: Key) -> &mut Cached {
        &mut self.slots[Self::index(key)]
    }

    /// The high bits: the hash's low bits vary least for short words.
    fn index(key: Key) -> usize {
        (key >> (Key::BITS - CACHE_BITS)) as usize
    }

    /// Asks the processor to load the slot of `key` ahead of its lookup.
    fn prefetch(&self, key: Key) {
        super::prefetch::prefetch(&self.slots[Self::index(key)]);
    }
}

thread_local! {
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache::new());
}

#[derive(Debug)]
pub struct UntranslatedMatcher {
    /// Languages the text may use on purpose (config `languages`): never reported.
    expected: Vec<u8>,
    /// German capitalises its nouns: they may join a run.
    german: Option<u8>,
}

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Lower,
    Capitalised,
    Other,
}

/// One word's part in a possible run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    None,
    /// Foreign more than English, not enough alone: joins a run.
    Weak,
    /// Enough on its own.
    Strong,
}

/// A word the table knows. Only these are kept: most words of an English text are not in
/// the table, and a run is a stretch of consecutive table words.
#[derive(Debug, Clone)]
struct Token {
    /// The word's index in the context's words, and its bytes: 32-bit, as the words'
    /// own offsets (a text may have millions of tokens).
    index: u32,
    start: u32,
    end: u32,
    entry: Entry,
    evidence: Evidence,
    /// Followed by a plain gap (spaces) before the next word.
    joined: bool,
    /// A capitalised word in mid-sentence: a following foreign run continues a title or
    /// a name ("Cien años de soledad").
    title_head: bool,
}

impl Token {
    fn index(&self) -> usize {
        self.index as usize
    }

    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether the next token is the next word, after a plain gap.
    fn joins(&self, next: &Token) -> bool {
        self.joined && next.index == self.index + 1
    }
}

/// Whether a stretch of tokens could be reported: a strong word, or two words that
/// carry a run. Any part of a stretch that cannot be reported cannot be either.
fn reportable(text: &str, tokens: &[Token]) -> bool {
    tokens.iter().any(|t| t.evidence == Evidence::Strong)
        || (tokens.len() >= 2 && tokens.iter().filter(|t| carries(text, t)).count() >= 2)
}

/// What the table knows of a lowercase word, through the thread's cache.
fn cached_lookup(table: &Table, cache: &mut Cache, key: &str) -> Option<Entry> {
    cached_lookup_keyed(table, cache, key, key_of_spelling(key))
}

/// `cached_lookup` of a word whose key is known (`Word::key`). Any well-mixed key
/// serves: a slot is used only for the word it holds.
fn cached_lookup_keyed(table: &Table, cache: &mut Cache, key: &str, hash: Key) -> Option<Entry> {
    let bytes = key.as_bytes();
    if bytes.len() > CACHED_LEN {
        return table.lookup(bytes);
    }
    let slot = cache.slot(hash);
    if slot.word[..slot.len as usize] == *bytes {
        return slot.entry;
    }
    let entry = table.lookup(bytes);
    let mut word = [0u8; CACHED_LEN];
    word[..bytes.len()].copy_from_slice(bytes);
    let len = bytes.len() as u8;
    *slot = Cached { len, word, entry };
    entry
}

/// A word joined by hyphens or apostrophes that the table does not hold
/// ("segunda-feira", "aujourd'hui", "dell'anno"): foreign when every part is, in a
/// language they share. A letter elided before an apostrophe ("l'", "d'") is not a part;
/// a word with a short part after an apostrophe is English ("don't", "we'll").
/// The parts' weakest evidence is the word's: the highest English frequency, the lowest
/// foreign one, the English floor of any part.
fn joined_entry(table: &Table, cache: &mut Cache, key: &str) -> Option<Entry> {
    let mut parts = Vec::new();
    let mut rest = key;
    let mut after_apostrophe = false;
    while !rest.is_empty() {
        let end = rest.find(['-', '\'', '’']).unwrap_or(rest.len());
        let part = &rest[..end];
        let joiner = rest[end..].chars().next();
        let elided = part.chars().count() == 1 && matches!(joiner, Some('\'' | '’'));
        // After an apostrophe, two letters or fewer are an English contraction ("'s",
        // "n't", "'ll", "'re").
        if part.is_empty() || (after_apostrophe && part.chars().nth(2).is_none()) {
            return None;
        }
        after_apostrophe = matches!(joiner, Some('\'' | '’'));
        if !elided {
            parts.push(part);
        }
        rest = joiner.map_or("", |j| &rest[end + j.len_utf8()..]);
    }
    if parts.is_empty() || (parts.len() == 1 && parts[0].len() == key.len()) {
        return None;
    }
    let mut joined: Option<Entry> = None;
    for part in parts {
        let e = cached_lookup(table, cache, part)?;
        if e.margin() <= 0 {
            return None;
        }
        joined = Some(match joined {
            None => e,
            Some(j) => {
                let mut out = Entry {
                    english: j.english.max(e.english),
                    flags: (j.flags | e.flags) & !LOWER_ONLY | (j.flags & e.flags & LOWER_ONLY),
                    ..Entry::default()
                };
                for (l, z) in &j.languages[..j.count as usize] {
                    if let Some((_, z2)) = e.languages[..e.count as usize]
                        .iter()
                        .find(|(l2, _)| l2 == l)
                    {
                        out.languages[out.count as usize] = (*l, (*z).min(*z2));
                        out.count += 1;
                    }
                }
                if out.count == 0 {
                    return None;
                }
                out.languages[..out.count as usize].sort_by_key(|(_, z)| std::cmp::Reverse(*z));
                out
            }
        });
    }
    joined
}

/// Whether the lowercase word `tokens[i]` is the plural of a word that the text uses on
/// its own, with no foreign word next to it ("fetches the todos" where the page also says
/// "a new todo"): an English plural, not a foreign word.
fn english_plural(cx: &Context<'_>, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if shape(&cx.text[t.range()]) != Shape::Lower {
        return false;
    }
    let Some(stem) = cx.lower(&t.range()).strip_suffix('s') else {
        return false;
    };
    if stem.chars().nth(2).is_none() {
        return false;
    }
    let foreign = |k: usize| tokens[k].evidence != Evidence::None;
    tokens.iter().enumerate().any(|(k, s)| {
        cx.lower(&s.range()) == stem
            && shape(&cx.text[s.range()]) == Shape::Lower
            && s.evidence != Evidence::Strong
            && !(k > 0 && tokens[k - 1].joins(s) && foreign(k - 1))
            && !(k + 1 < tokens.len() && s.joins(&tokens[k + 1]) && foreign(k + 1))
    })
}

/// Uses of a lowercase word in a text that make it one of the text's own terms.
const TERM_USES: usize = 3;

/// Words a text needs before a word it repeats can be one of its terms. In a short text
/// (a news article, a post) a foreign word written three times is a term the translation
/// kept leaving behind, and each use is reported; a long reference or changelog names its
/// tools and packages again and again.
const TERM_TEXT_WORDS: usize = 1_500;

/// Whether the lowercase word `tokens[i]`, a run on its own, is written so (lowercase)
/// at least [`TERM_USES`] times in the text: the name of a tool, a package or a handle
/// that the text is about ("update undici to 5.20"), not a word a translation left
/// behind once. `uses` counts the lowercase words of the text, on first need.
fn term_of_text<'t>(
    cx: &Context<'t>,
    tokens: &[Token],
    i: usize,
    uses: &mut Option<FxHashMap<&'t str, usize>>,
) -> bool {
    let text: &'t str = cx.text;
    let word = &text[tokens[i].range()];
    if shape(word) != Shape::Lower {
        return false;
    }
    let uses = uses.get_or_insert_with(|| {
        let mut map: FxHashMap<&'t str, usize> = FxHashMap::default();
        for t in tokens {
            let other = &text[t.range()];
            if shape(other) == Shape::Lower {
                *map.entry(other).or_default() += 1;
            }
        }
        map
    });
    uses.get(word).is_some_and(|n| *n >= TERM_USES)
}

/// Whether a version follows the word ("undici to 5.26.4", "acorn 8.10", "semver@7.5"):
/// the name of a package, whatever language its word looks like.
fn versioned(text: &str, range: &Range<usize>) -> bool {
    let rest = text[range.end..].trim_start_matches([' ', '\t', '@']);
    let rest = ["to ", "from "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest)
        .trim_start_matches([' ', 'v']);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && rest[digits..].starts_with('.')
        && rest[digits + 1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Written in ASCII small letters only, and long enough to be a slip (`misspelt`).
fn small_letters(word: &str) -> bool {
    word.len() >= 4 && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// Whether `word` (`small_letters`) is a word of the text with one letter typed once
/// instead of twice ("suport" where the text writes "support", "ambasador" for
/// "ambassador"): a misspelling, which a spelling checker reports, not a foreign word.
/// `seen` holds the lowercase words of the text, on first need.
fn misspelt<'t>(cx: &Context<'t>, word: &str, seen: &mut Option<FxHashSet<&'t str>>) -> bool {
    let seen = seen.get_or_insert_with(|| lowercase_spellings(cx));
    let mut doubled = String::with_capacity(word.len() + 1);
    (0..word.len()).any(|j| {
        doubled.clear();
        doubled.push_str(&word[..=j]);
        doubled.push_str(&word[j..]);
        seen.contains(doubled.as_str())
    })
}

/// The spellings of the text's words written in ASCII small letters only, each once. A
/// word so written is its own form (`Context::lower`), so one word of each form is
/// hashed, not every word: the vocabulary says which forms were seen already.
fn lowercase_spellings<'t>(cx: &Context<'t>) -> FxHashSet<&'t str> {
    let text: &'t str = cx.text;
    let vocabulary = cx.vocabulary();
    let mut known = vec![false; vocabulary.len()];
    let mut seen = FxHashSet::default();
    for (w, &id) in cx.words().iter().zip(vocabulary.ids()) {
        // Only a word without capitals can be written in small letters only.
        if !w.alphabetic() || w.case() != Case::Lower || known[id as usize] {
            continue;
        }
        let spelling = &text[w.range()];
        if spelling.bytes().all(|b| b.is_ascii_lowercase()) {
            known[id as usize] = true;
            seen.insert(spelling);
        }
    }
    seen
}

/// The runs of the tokens, in order: stretches of consecutive words with evidence, each
/// followed by a plain gap but the last.
fn runs(tokens: &[Token]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < tokens.len() && tokens[i].evidence == Evidence::None {
            i += 1;
        }
        if i == tokens.len() {
            return None;
        }
        let start = i;
        while i + 1 < tokens.len()
            && tokens[i].joins(&tokens[i + 1])
            && tokens[i + 1].evidence != Evidence::None
        {
            i += 1;
        }
        i += 1;
        Some(start..i)
    })
}

/// The word indices where a run could be reported, widened back by the longest loan:
/// loans are looked for only there (a loan that starts further back ends before the run).
fn hot_ranges(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let (_, longest) = loans();
    let mut hot: Vec<Range<usize>> = Vec::new();
    for run in runs(tokens) {
        if reportable(text, &tokens[run.clone()]) {
            let from = tokens[run.start].index().saturating_sub(*longest);
            let to = tokens[run.end - 1].index() + 1;
            match hot.last_mut() {
                Some(last) if last.end >= from => last.end = to,
                _ => hot.push(from..to),
            }
        }
    }
    hot
}

/// Takes the evidence from a word before a version, a package's name ("update undici to
/// 5.26.4"), and from a word that doubling one of its letters turns into a word of the
/// text, a slip of the keyboard ("add suport for" in a text that writes "support").
fn silence_names_and_slips(cx: &Context<'_>, tokens: &mut [Token]) {
    let mut spellings = None;
    // A word in small letters is its own form: whether it is a slip is asked once a form.
    let vocabulary = cx.vocabulary();
    let mut slips = vocabulary.answers::<bool>();
    for t in tokens.iter_mut() {
        if t.evidence == Evidence::None || versioned(cx.text, &t.range()) {
            t.evidence = Evidence::None;
            continue;
        }
        let word = &cx.text[t.range()];
        if small_letters(word)
            && slips.get(vocabulary.id(t.index()), || {
                misspelt(cx, word, &mut spellings)
            })
        {
            t.evidence = Evidence::None;
        }
    }
}

/// Whether the run lies between two capitalised words, the last its own: part of a name
/// or a title ("Leibniz-Zentrum fuer Informatik", "Universidad de Chile").
fn inside_name(cx: &Context<'_>, tokens: &[Token], run: &Range<usize>) -> bool {
    let text = cx.text;
    let words = cx.words();
    let first = tokens[run.start].index();
    let last = &tokens[run.end - 1];
    run.len() >= 2
        && first > 0
        && words[first - 1].gap().plain
        && text[words[first - 1].range()]
            .rsplit('-')
            .next()
            .is_some_and(|part| shape(part) == Shape::Capitalised)
        && shape(&text[last.range()]) == Shape::Capitalised
}

/// The evidence of a lowercase word: strong when it is much more common abroad and
/// common there; a word attested in English at all (archaic or dialect spellings, loans)
/// needs a wider margin.
fn lowercase_evidence(text: &str, range: &Range<usize>, e: &Entry, strong_word: bool) -> Evidence {
    let needed = if e.english >= 10 {
        STRONG_ATTESTED
    } else {
        STRONG
    };
    if strong_word && e.margin() >= needed && e.best() >= STRONG_FREQUENCY && !elided(text, range) {
        Evidence::Strong
    } else {
        Evidence::Weak
    }
}

/// The evidence of a capitalised word that opens a sentence: it joins a run; alone, only
/// a long word unknown to English and set off by a comma ("Actualmente, the bank..."), or
/// a word its language writes only in lowercase.
fn initial_evidence(text: &str, range: &Range<usize>, e: &Entry, strong_word: bool) -> Evidence {
    let comma = text[range.end..].starts_with(',');
    let unknown = text[range.clone()].chars().count() >= 6 && e.english == 0;
    let lowercase = e.flags & LOWER_ONLY != 0 && e.margin() >= STRONG_ATTESTED;
    if strong_word && comma && (unknown || lowercase) && e.best() >= STRONG_INITIAL_FREQUENCY {
        Evidence::Strong
    } else {
        Evidence::Weak
    }
}

/// A word that, with another one, carries a run without a strong word.
fn carries(text: &str, t: &Token) -> bool {
    t.entry.margin() >= RUN
        && t.entry.flags & FLOOR_WORD == 0
        && text[t.range()].chars().nth(2).is_some()
}

impl UntranslatedMatcher {
    /// `expected`: languages (codes or English names) that are not reported.
    pub fn new(expected: &[String]) -> Result<Self, String> {
        let table = Table::builtin();
        let mut indices = Vec::new();
        for name in expected {
            match table.language_index(name) {
                Some(i) => indices.push(i),
                None => {
                    let known: Vec<&str> = NAMES.iter().map(|(c, _)| *c).collect();
                    return Err(format!(
                        "unknown language `{name}`; known: {} (or their English names)",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(UntranslatedMatcher {
            expected: indices,
            german: table.language_index("de"),
        })
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        if cx.words().is_empty() {
            return;
        }
        CACHE.with_borrow_mut(|cache| self.find_with(cx, cache, out));
    }

    fn find_with(&self, cx: &Context<'_>, cache: &mut Cache, out: &mut Vec<RawMatch>) {
        let text = cx.text;
        let (mut tokens, letters, strong) = self.tokens(cx, cache);
        if letters >= 20 && strong as f64 > MAX_FOREIGN_SHARE * letters as f64 {
            return;
        }
        let hot = hot_ranges(text, &tokens);
        if hot.is_empty() {
            return;
        }
        self.silence_loans(cx, &mut tokens, &hot);
        silence_names_and_slips(cx, &mut tokens);
        let mut uses = None;
        for run in runs(&tokens) {
            let start = run.start;
            if !reportable(text, &tokens[run.clone()]) {
                continue;
            }
            // A capitalised word in mid-sentence opening the run, or just before it:
            // a title or a name ("Cien años de soledad").
            let continues_title = tokens[start].title_head
                || (start > 0
                    && tokens[start - 1].joins(&tokens[start])
                    && tokens[start - 1].title_head);
            // A word written on its own three times or more is one of the text's terms.
            let term = run.len() == 1
                && letters >= TERM_TEXT_WORDS
                && term_of_text(cx, &tokens, start, &mut uses);
            if !(continues_title || inside_name(cx, &tokens, &run) || term) {
                self.report_run(cx, &tokens, run, out);
            }
        }
    }

    /// The words of the text that the table knows, with their evidence; and how many
    /// words the text has, and how many of them are strong.
    fn tokens(&self, cx: &Context<'_>, cache: &mut Cache) -> (Vec<Token>, usize, usize) {
        let table = Table::builtin();
        let text = cx.text;
        let words = cx.words();
        // About one word in six is in the table: room for one in four spares the list
        // its copies as it grows (pages not written to are never touched).
        let mut tokens: Vec<Token> = Vec::with_capacity(words.len() / 4);
        let mut lowered = String::new();
        let mut letters = 0usize;
        let mut strong = 0usize;
        let backticks = text.contains('`');
        let vocabulary = cx.vocabulary();
        let mut entries = vocabulary.answers::<Option<Entry>>();
        for (i, w) in words.iter().enumerate() {
            if let Some(ahead) = words.get(i + LOOK_AHEAD)
                && !entries.known(vocabulary.id(i + LOOK_AHEAD))
            {
                cache.prefetch(ahead.key);
            }
            if !w.alphabetic() {
                continue;
            }
            letters += 1;
            // What the table knows of a form is asked once per form of the text.
            let entry = entries.get(vocabulary.id(i), || {
                let raw = &text[w.range()];
                let key = if raw.is_ascii() {
                    cx.lower(&w.range())
                } else {
                    lowered.clear();
                    lowered.extend(raw.chars().flat_map(char::to_lowercase));
                    lowered.as_str()
                };
                let entry = cached_lookup_keyed(table, cache, key, w.key);
                if entry.is_none() && key.contains(['-', '\'', '’']) {
                    return joined_entry(table, cache, key);
                }
                entry
            });
            let Some(entry) = entry else {
                continue;
            };
            let raw = &text[w.range()];
            let evidence = self.evidence(text, words, i, &entry, backticks);
            strong += usize::from(evidence == Evidence::Strong);
            // A capitalised word strong on its own is no title's head. (A word of that
            // shape is of the capitalised case class: the class is asked first.)
            let title_head = w.case() == Case::Capitalised
                && shape(raw) == Shape::Capitalised
                && evidence != Evidence::Strong
                && !sentence_initial(text, w.start());
            tokens.push(Token {
                index: u32::try_from(i).expect("fewer than 4 billion words"),
                start: w.start() as u32,
                end: w.end() as u32,
                entry,
                evidence,
                joined: w.gap().plain && !w.gap().wide,
                title_head,
            });
        }
        (tokens, letters, strong)
    }

    /// The evidence of word `i`, from its entry and its neighbours. `backticks`: whether
    /// the text has any (inline code).
    fn evidence(
        &self,
        text: &str,
        words: &[crate::text::words::Word],
        i: usize,
        e: &Entry,
        backticks: bool,
    ) -> Evidence {
        if e.margin() <= 0 {
            return Evidence::None;
        }
        // Looked at last: the most words stop before.
        match self.evidence_in_sentence(text, words, i, e) {
            Evidence::None => Evidence::None,
            _ if code_like(text, &words[i].range(), backticks) => Evidence::None,
            evidence => evidence,
        }
    }

    fn evidence_in_sentence(
        &self,
        text: &str,
        words: &[crate::text::words::Word],
        i: usize,
        e: &Entry,
    ) -> Evidence {
        let w = &words[i];
        let raw = &text[w.range()];
        // A unit after a number ("5 mln").
        if i > 0 && !words[i - 1].alphabetic() && words[i - 1].gap().plain {
            return Evidence::None;
        }
        let chars = raw.chars().count();
        // Short words are too often dialect, abbreviations or names to stand alone.
        let strong_word =
            (chars >= 5 || (chars == 4 && !raw.is_ascii())) && e.flags & FLOOR_WORD == 0;
        match shape(raw) {
            Shape::Other => Evidence::None,
            Shape::Lower => lowercase_evidence(text, &w.range(), e, strong_word),
            Shape::Capitalised => self.capitalised_evidence(text, words, i, e, strong_word),
        }
    }

    /// The evidence of a capitalised word `i`: a sentence's first word, a name, or a word
    /// its language writes in lowercase (or a German noun).
    fn capitalised_evidence(
        &self,
        text: &str,
        words: &[crate::text::words::Word],
        i: usize,
        e: &Entry,
        strong_word: bool,
    ) -> Evidence {
        let w = &words[i];
        let chars = text[w.range()].chars().count();
        let margin = e.margin();
        let prev = (i > 0 && words[i - 1].gap().plain).then(|| &text[words[i - 1].range()]);
        let next = words
            .get(i + 1)
            .filter(|_| w.gap().plain)
            .map(|n| &text[n.range()]);
        if e.flags & (FLOOR_NAME | NAME_ONLY) != 0
            || next.is_some_and(|n| shape(n) == Shape::Capitalised)
        {
            return Evidence::None;
        }
        if sentence_initial(text, w.start()) {
            return initial_evidence(text, &w.range(), e, strong_word);
        }
        // After a name, a particle or an article ("the Fiscalía", "the Sejm"):
        // the name of a person, place or institution.
        let after_name = prev.is_some_and(|p| {
            let p = p.to_ascii_lowercase();
            shape(&text[words[i - 1].range()]) == Shape::Capitalised
                || PARTICLES.contains(&p.as_str())
                || matches!(p.as_str(), "the" | "a" | "an")
        });
        if after_name {
            Evidence::None
        } else if strong_word
            && chars >= STRONG_CAPITALISED_LENGTH
            && e.english == 0
            && e.best() >= STRONG_INITIAL_FREQUENCY
        {
            // A long word unknown to English and common in its language, between
            // lowercase words: names that common are known to English too.
            Evidence::Strong
        } else if strong_word
            && (e.flags & LOWER_ONLY != 0 || Some(e.languages[0].0) == self.german)
            && margin >= STRONG_CAPITALISED
        {
            // Lowercase-only in its language, or a German noun: may join a run,
            // never makes one alone (names are capitalised words too).
            Evidence::Weak
        } else {
            // A capitalised word mid-sentence is a name.
            Evidence::None
        }
    }

    /// Loans ("per se", "status quo") are English: their words give no evidence. Only
    /// loans that start in one of the `hot` ranges of word indices are looked for.
    fn silence_loans(&self, cx: &Context<'_>, tokens: &mut [Token], hot: &[Range<usize>]) {
        let (set, longest) = loans();
        let words = cx.words();
        let mut phrase = String::new();
        let mut ranges = hot.iter().peekable();
        for i in 0..tokens.len() {
            let first = tokens[i].index();
            while ranges.peek().is_some_and(|r| r.end <= first) {
                ranges.next();
            }
            let Some(range) = ranges.peek() else {
                break;
            };
            if first < range.start {
                continue;
            }
            let mut end = first;
            phrase.clear();
            let mut found = None;
            while end < words.len() && end < first + longest {
                if end > first {
                    let before = &words[end - 1];
                    if !(before.alphabetic() && before.gap().plain && !before.gap().wide) {
                        break;
                    }
                    phrase.push(' ');
                }
                let range = &words[end].range();
                let raw = &cx.text[range.clone()];
                if raw.is_ascii() {
                    phrase.push_str(cx.lower(range));
                } else {
                    phrase.extend(raw.chars().flat_map(char::to_lowercase));
                }
                end += 1;
                if set.contains(phrase.as_str()) {
                    found = Some(end);
                }
            }
            if let Some(end) = found {
                for t in tokens[i..].iter_mut().take_while(|t| t.index() < end) {
                    t.evidence = Evidence::None;
                }
            }
        }
    }

    fn report_run(
        &self,
        cx: &Context<'_>,
        tokens: &[Token],
        run: Range<usize>,
        out: &mut Vec<RawMatch>,
    ) {
        let text = cx.text;
        let language = likeliest_language(tokens[run.clone()].iter().map(|t| &t.entry));
        // Split into the stretches of that language and the stretches of others, which
        // are looked at again on their own ("rose todavía": French "rose", Spanish
        // "todavía").
        let speaks = |t: &Token| t.entry.has(language);
        let mut i = run.start;
        while i < run.end {
            let start = i;
            let of_language = speaks(&tokens[i]);
            while i < run.end && speaks(&tokens[i]) == of_language {
                i += 1;
            }
            if of_language {
                if !(i - start == 1 && english_plural(cx, tokens, start)) {
                    self.report_segment(text, &tokens[start..i], language, out);
                }
            } else if (start..i) != run {
                self.report_run(cx, tokens, start..i, out);
            }
        }
    }

    fn report_segment(&self, text: &str, segment: &[Token], language: u8, out: &mut Vec<RawMatch>) {
        let strong = segment
            .iter()
            .filter(|t| t.evidence == Evidence::Strong)
            .count();
        let carrying = segment.iter().filter(|t| carries(text, t)).count();
        if strong == 0 && (segment.len() < 2 || carrying < 2) {
            return;
        }
        let named = likeliest_language(segment.iter().map(|t| &t.entry));
        if self.expected.contains(&language) || self.expected.contains(&named) {
            return;
        }
        // Common English words at the edges stay outside ("attualmente in Rome").
        let english = |t: &Token| t.evidence == Evidence::Weak && t.entry.english >= COMMON_ENGLISH;
        let first = segment.iter().position(|t| !english(t)).unwrap_or(0);
        let last = segment.iter().rposition(|t| !english(t)).unwrap_or(0);
        let span = segment[first].range().start..segment[last].range().end;
        if deliberate(text, &span) || labelled(text, span.start, Table::builtin().language(named)) {
            return;
        }
        out.push(RawMatch {
            span,
            review: false,
            suggestions: Vec::new(),
        });
    }
}

/// The language a run of words most likely is: the most summed frequency, each word
/// that has the language counting; of equal scores, the lowest index.
fn likeliest_language<'e>(entries: impl Iterator<Item = &'e Entry>) -> u8 {
    // (language, score) of the languages seen: a run has few words, each with at most
    // four languages.
    let mut scores: Vec<(u8, u32)> = Vec::new();
    for e in entries {
        for (l, z) in &e.languages[..e.count as usize] {
            let add = u32::from(*z) + 100;
            match scores.iter_mut().find(|(s, _)| s == l) {
                Some((_, score)) => *score += add,
                None => scores.push((*l, add)),
            }
        }
    }
    scores
        .iter()
        .max_by_key(|(l, score)| (*score, std::cmp::Reverse(*l)))
        .map_or(0, |(l, _)| *l)
}

/// The likeliest language of a reported run, by name ("Spanish"), for the message.
pub fn language_of(run: &str) -> Option<&'static str> {
    let table = Table::builtin();
    let entries: Vec<Entry> = crate::text::words::words(run)
        .iter()
        .filter_map(|w| table.lookup(run[w.range()].to_lowercase().as_bytes()))
        .collect();
    (!entries.is_empty()).then(|| table.language(likeliest_language(entries.iter())))
}

fn shape(word: &str) -> Shape {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    let rest_lower = chars.all(|c| !c.is_uppercase());
    match (first.is_lowercase(), first.is_uppercase(), rest_lower) {
        (true, _, true) => Shape::Lower,
        (_, true, true) => Shape::Capitalised,
        _ => Shape::Other,
    }
}

/// Whether a word opens a sentence, a line or the text.
fn sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '*' | '_' | '-' | '–' | '—'
            | '#' | '>' => continue,
            '\n' | '.' | '!' | '?' | ':' | '…' => return true,
            c if c.is_ascii_digit() => continue,
            _ => return false,
        }
    }
    true
}

/// A word cut short by an apostrophe ("gittin'"): English dialect, not a foreign word.
fn elided(text: &str, range: &Range<usize>) -> bool {
    let mut after = text[range.end..].chars();
    matches!(after.next(), Some('\'' | '’')) && !after.next().is_some_and(char::is_alphabetic)
}

/// ASCII characters, as one bit each: a test that reads no memory.
struct AsciiSet(u128);

impl AsciiSet {
    const fn of(chars: &str) -> AsciiSet {
        let bytes = chars.as_bytes();
        let mut mask = 0u128;
        let mut i = 0;
        while i < bytes.len() {
            assert!(bytes[i] < 128, "ASCII only");
            mask |= 1 << bytes[i];
            i += 1;
        }
        AsciiSet(mask)
    }

    fn holds(&self, c: char) -> bool {
        (c as u32) < 128 && self.0 >> (c as u32) & 1 == 1
    }
}

/// Characters that make the word after them code: a path, a flag, a variable.
const CODE_BEFORE: AsciiSet = AsciiSet::of("/\\_@#=.:$%&<>{}[]`~|^");
/// Characters that make the word before them code: a path, a call, a tag.
const CODE_AFTER: AsciiSet = AsciiSet::of("/\\_@=(`<>{}[]|^");

/// Part of a URL, a path, an identifier or inline code.
fn code_like(text: &str, range: &Range<usize>, backticks: bool) -> bool {
    let before = text[..range.start].chars().next_back();
    let mut after = text[range.end..].chars();
    let next = after.next();
    let then = after.next();
    if before.is_some_and(|c| CODE_BEFORE.holds(c)) || next.is_some_and(|c| CODE_AFTER.holds(c)) {
        return true;
    }
    if matches!(next, Some('.' | ':')) && then.is_some_and(|c| c.is_alphanumeric()) {
        return true;
    }
    if !backticks {
        return false;
    }
    // Inside `inline code` on its line.
    let mut from = range.start.saturating_sub(256);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..range.start];
    let line = window.rfind('\n').map_or(window, |i| &window[i + 1..]);
    line.matches('`').count() % 2 == 1
}

/// A foreign run put there on purpose: quoted or emphasised, glossed in parentheses,
/// inside parentheses, or announced ("the French word", "known as").
fn deliberate(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end_matches([' ', '\t']);
    let after = text[span.end..].trim_start_matches([' ', '\t']);
    let open = before.chars().next_back();
    let close = after.chars().next();
    // Quoted or emphasised, alone or as part of a short title.
    if quoted(before, after) {
        return true;
    }
    if matches!(close, Some('(')) || matches!((open, close), (Some('('), Some(')'))) {
        return true;
    }
    if credit(before, after) {
        return true;
    }
    // A gloss after a comma or dash: ", meaning ...", "— that is".
    let after_lower = after.trim_start_matches([',', '—', '–', '-', ' ']);
    if ["meaning", "or ", "that is", "i.e.", "literally"]
        .iter()
        .any(|g| {
            after_lower
                .get(..g.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(g))
        })
    {
        return true;
    }
    // Announced by one of the few words before it, in the same sentence.
    before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(2)
        .any(|word| ANNOUNCERS.contains(&word.to_lowercase().as_str()))
}

/// Whether the text labels what follows as being in `language` just before the run: a
/// label that ends with the language's name and a colon, with nothing but markup between
/// it and the run ("Result (German):", "In Spanish: ..."): an example given on purpose.
fn labelled(text: &str, start: usize, language: &str) -> bool {
    const REACH: usize = 120;
    let from = crate::text::floor_char_boundary(text, start.saturating_sub(REACH));
    let before = &text[from..start];
    let Some(colon) = before.rfind(':') else {
        return false;
    };
    // Between the label and the line of the run: line breaks, spaces, and at most one
    // line of markup left in the prose (a tab or container fence: "//// tab | Bash",
    // "=== \"Shell\""). The label may also open the run's own line ("German: Hallo").
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let between = &before[colon + 1..line_start.max(colon + 1)];
    let mut lines = between.split('\n').map(str::trim).filter(|l| !l.is_empty());
    let markup = |l: &str| l.starts_with(|c: char| !c.is_alphanumeric());
    let last = lines.next_back();
    let at_most_markup = match (lines.next(), last) {
        (None, None) => true,
        (None, Some(l)) => markup(l),
        _ => false,
    };
    if !at_most_markup {
        return false;
    }
    let label = before[..colon].trim_end().trim_end_matches([')', '*', '_']);
    let name_start = label.len().saturating_sub(language.len());
    label.is_char_boundary(name_start)
        && label[name_start..].eq_ignore_ascii_case(language)
        && label[..name_start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether the run is part of a short parenthesis of names that ends its line, with at
/// most a reference after it: the credit of a changelog entry or a list item ("fix the
/// order (kohta ito) #9562", "(Fedor Indutny & Сковорода Никита)"). Only words, spaces
/// and "&" or "," may share the parenthesis: a sentence in parentheses is prose.
pub fn credit(before: &str, after: &str) -> bool {
    let line_before = before.rsplit('\n').next().unwrap_or(before);
    let line_after = after.split('\n').next().unwrap_or(after);
    let Some(open) = line_before.rfind('(') else {
        return false;
    };
    let Some(close) = line_after.find(')') else {
        return false;
    };
    let inside = format!("{} {}", &line_before[open + 1..], &line_after[..close]);
    let name_like = |c: char| c.is_alphabetic() || c == ' ' || c == '&' || c == ',' || c == '-';
    if !inside.chars().all(name_like) || inside.split_whitespace().count() > 6 {
        return false;
    }
    // Nothing after but a reference ("#9562", "nodejs/node#64", a link left out: "0"),
    // or a full stop.
    let rest = line_after[close + 1..].trim();
    rest.is_empty()
        || rest == "."
        || rest.starts_with(['#', '[', '<'])
        || (!rest.contains(char::is_whitespace) && rest.contains(|c: char| c.is_ascii_digit()))
}

/// Whether the run sits inside quotation marks or emphasis closed in the same paragraph,
/// at most a short title away.
fn quoted(before: &str, after: &str) -> bool {
    const PAIRS: &[(char, char)] = &[
        ('"', '"'),
        ('“', '”'),
        ('«', '»'),
        ('„', '“'),
        ('‘', '’'),
        ('*', '*'),
        ('_', '_'),
    ];
    const REACH: usize = 60;
    // Emphasis and quotations may wrap onto the next line of their paragraph.
    let within_paragraph = |mut s: String| {
        if let Some(i) = s.find("\n\n") {
            s.truncate(i);
        }
        s
    };
    let back = within_paragraph(before.chars().rev().take(REACH).collect());
    let ahead = within_paragraph(after.chars().take(REACH).collect());
    let paired = PAIRS.iter().any(|(open, close)| {
        back.chars().position(|c| c == *open).is_some_and(|o| {
            // No closing mark between the opening one and the run.
            !back.chars().take(o).any(|c| c == *close && open != close)
                && ahead.contains(*close)
                && (open != close || back.chars().take(o).all(|c| c != *open))
        })
    });
    paired || single_quoted(&back, &ahead)
}

/// Inside straight single quotes: an apostrophe that opens a word before the run and one
/// that closes a word after it ('Ah! Patria mia'), not the apostrophes of "don't".
fn single_quoted(back: &str, ahead: &str) -> bool {
    let back: Vec<char> = back.chars().collect();
    let opens = back.iter().enumerate().any(|(i, &c)| {
        c == '\''
            && back
                .get(i + 1)
                .is_none_or(|b| b.is_whitespace() || *b == '(')
    });
    let ahead: Vec<char> = ahead.chars().collect();
    let closes = ahead.iter().enumerate().any(|(i, &c)| {
        c == '\''
            && (i == 0 || !ahead[i - 1].is_whitespace())
            && ahead.get(i + 1).is_none_or(|a| !a.is_alphanumeric())
    });
    opens && closes
}

/// `kind = "untranslated"`: runs of words of another language.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UntranslatedSpec {
    /// Languages the text may use on purpose (codes or English names): not reported.
    #[serde(default)]
    languages: Vec<String>,
}

impl super::KindSpec for UntranslatedSpec {
    const NAME: &'static str = "untranslated";

    fn build(
        self,
        _: &super::BuildContext<'_>,
    ) -> Result<Box<dyn super::Matcher>, super::SpecError> {
        let matcher =
            UntranslatedMatcher::new(&self.languages).map_err(super::SpecError::invalid)?;
        Ok(Box::new(matcher))
    }
}

impl super::Matcher for UntranslatedMatcher {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        UntranslatedMatcher::find(self, cx, out);
    }

    /// The share of foreign words, the terms and the spellings the text writes elsewhere
    /// are the whole text's: a chunk's window would weigh them differently.
    fn reads_whole_text(&self) -> bool {
        true
    }

    fn note(&self, matched: &str) -> Option<&'static str> {
        language_of(matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word of the capitalised shape is of the capitalised case class, so the class
    /// can be asked before the shape.
    #[test]
    fn a_capitalised_shape_has_the_capitalised_case() {
        let text = "The THE the McDonald iPhone Été ÉTÉ Ⓐbc Ǆx ǅx A 2nd X2 King's Ölçü Σοφία";
        let mut capitalised = 0;
        for w in crate::text::words::words(text) {
            let word = &text[w.range()];
            if shape(word) == Shape::Capitalised {
                assert_eq!(w.case(), Case::Capitalised, "{word}");
                capitalised += 1;
            }
        }
        assert!(capitalised >= 6, "{capitalised}");
    }

    fn find(text: &str) -> Vec<(String, &'static str)> {
        let m = UntranslatedMatcher::new(&[]).unwrap();
        let cx = Context::new(text);
        let mut out = Vec::new();
        m.find(&cx, &mut out);
        out.into_iter()
            .map(|r| {
                let run = &text[r.span];
                (run.to_string(), language_of(run).unwrap_or(""))
            })
            .collect()
    }

    #[test]
    fn an_ascii_set_holds_its_characters_only() {
        assert!(CODE_BEFORE.holds('/') && CODE_BEFORE.holds('^') && CODE_BEFORE.holds('\\'));
        assert!(!CODE_BEFORE.holds('a') && !CODE_BEFORE.holds('(') && !CODE_BEFORE.holds('é'));
        assert!(CODE_AFTER.holds('(') && !CODE_AFTER.holds('#'));
    }

    #[test]
    fn table_reads_and_finds_words() {
        let t = Table::builtin();
        assert!(t.len() > 100_000);
        let e = t.lookup("attualmente".as_bytes()).expect("an Italian word");
        assert_eq!(t.language(e.languages[0].0), "Italian");
        assert!(t.lookup(b"the").is_none());
        assert!(t.lookup(b"zzzzzzzzzzzz").is_none());
        assert!(t.lookup(b"").is_none());
        assert_eq!(t.language_index("es"), t.language_index("Spanish"));
        assert!(Table::parse(b"MTUW\x02").is_err());
        assert!(Table::parse(b"MTUW\x01\x01es\x20\xff\xff\xff\xff\x01\x00\x00\x00").is_err());
    }

    /// The filter built at build time is the one the table would build at run time.
    #[test]
    fn the_embedded_filter_is_the_table_s_own() {
        let built = Table::parse(DATA).expect("the embedded table");
        let embedded = Table::builtin();
        assert!(matches!(embedded.filter.get(), Some(Cow::Borrowed(_))));
        assert_eq!(
            embedded.filter.get().map(|f| &f[..]),
            Some(&built.build_filter()[..])
        );
    }

    #[test]
    fn the_filter_lets_every_table_word_through() {
        let t = Table::builtin();
        let mut n = 0;
        t.for_each_word(|word| {
            assert!(t.may_hold(word), "{}", String::from_utf8_lossy(word));
            if n % 101 == 0 {
                assert!(
                    t.lookup(word).is_some(),
                    "{}",
                    String::from_utf8_lossy(word)
                );
            }
            n += 1;
        });
        assert_eq!(n, t.len());
        // Words outside the table mostly stop at the filter.
        let outside: Vec<String> = (0..2000).map(|i| format!("qx{i}zv")).collect();
        let through = outside.iter().filter(|w| t.may_hold(w.as_bytes()));
        assert!(
            through.count() <= 60,
            "the filter lets too many words through"
        );
    }

    #[test]
    fn results_do_not_depend_on_the_words_seen_before() {
        let text = "The talks were sehr schwierig, and the ruling was, per se, a return to \
                    the status quo; the museum is closed le lundi.";
        let cold = find(text);
        assert_eq!(
            cold,
            [
                ("sehr schwierig".to_string(), "German"),
                ("le lundi".to_string(), "French")
            ]
        );
        for other in [
            "Der Vertrag ist sehr schwierig und per se status quo.",
            "le lundi",
        ] {
            find(other);
        }
        assert_eq!(find(text), cold);
    }

    #[test]
    fn a_loan_next_to_a_run_keeps_its_words_silent() {
        // "ad hoc" and "status quo" are loans; "sehr" alone would be weak.
        assert!(find("The board met ad hoc and kept the status quo.").is_empty());
        assert_eq!(
            find("The decision was taken ad hoc sehr schwierig, officials said."),
            [("sehr schwierig".to_string(), "German")]
        );
    }

    #[test]
    fn reports_runs_with_their_language() {
        assert_eq!(
            find("The talks were sehr schwierig, according to diplomats."),
            [("sehr schwierig".to_string(), "German")]
        );
        assert_eq!(
            find("The museum is closed le lundi, a guide said."),
            [("le lundi".to_string(), "French")]
        );
        assert_eq!(
            find("The minister, attualmente in Rome, said little."),
            [("attualmente".to_string(), "Italian")]
        );
    }

    #[test]
    fn runs_of_weak_words_hyphenated_words_and_capitalised_adverbs() {
        // Two words that carry a run, with no strong word in the text.
        assert_eq!(
            find("The mayor promised to fix the roads antes del verano."),
            [("antes del verano".to_string(), "Spanish")]
        );
        // A hyphenated word whose parts are foreign.
        assert_eq!(
            find("Schools will remain closed até segunda-feira."),
            [("até segunda-feira".to_string(), "Portuguese")]
        );
        // A long capitalised word unknown to English, between lowercase words.
        assert_eq!(
            find("Rescue teams worked Malheureusement to reach the village."),
            [("Malheureusement".to_string(), "French")]
        );
        // A sentence's first word that its language writes only in lowercase.
        assert_eq!(
            find("Todavía, the government announced new measures."),
            [("Todavía".to_string(), "Spanish")]
        );
        for text in [
            "We'll see whether they're right; don't wait for Bob's answer.",
            "The Bundestag met in Wolfsburg, and Volkswagen's chief spoke.",
            "The well-known co-operative sold second-hand goods.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn a_package_before_its_version_and_a_misspelling_are_not_foreign() {
        assert!(find("The deps job will update undici to 5.26.4 today.").is_empty());
        let page = "It adds support for ARM. Then it adds suport for x86 as well.";
        assert!(find(page).is_empty(), "{:?}", find(page));
        // Without the word it misspells, the foreign word stands.
        assert_eq!(
            find("Then it adds suport for x86 as well."),
            [("suport".to_string(), "Catalan")]
        );
    }

    #[test]
    fn an_english_plural_of_a_word_the_text_uses_is_not_foreign() {
        let page = "The code fetches todos data from an API. A button loads the next todo.";
        assert!(find(page).is_empty(), "{:?}", find(page));
        // Without the singular, or with the singular only inside a foreign run, the
        // plural is a foreign word.
        assert_eq!(find("The code fetches todos from an API.").len(), 1);
        assert_eq!(
            find("They said todos from an API, and todo el mundo lo sabe.").len(),
            2
        );
    }

    #[test]
    fn a_run_labelled_with_its_language_is_an_example() {
        let text = "The greeting is printed in the user's language.\n\nResult (German):\n\nHallo wieder, wie geht es dir heute\n";
        assert!(find(text).is_empty(), "{:?}", find(text));
        let text = "The greeting is printed in the user's language.\n\nResult (German):\n\n//// tab | Linux, macOS, Windows Bash\nHallo wieder, wie geht es dir heute\n";
        assert!(find(text).is_empty(), "{:?}", find(text));
        let text = "The greeting is printed in German:\n\nThe program prints the text\nHallo wieder, wie geht es dir heute\n";
        assert!(!find(text).is_empty());
        // Another language named, or a label far from the run, is no label of it.
        let text = "The greeting is printed in the user's language.\n\nResult (Spanish):\n\nHallo wieder, wie geht es dir heute\n";
        assert_eq!(find(text).len(), 1, "{:?}", find(text));
    }

    #[test]
    fn names_loans_and_glosses_stay_silent() {
        for text in [
            "He met Juan de la Cruz and Pedro Almodóvar in Madrid.",
            "The ruling was, per se, a de facto return to the status quo.",
            "The Spanish word madrugada means the small hours.",
            "The café served croissants to the fiancé.",
            "She sang “La vie en rose” at the gala.",
            "She sang the 'Ah! Patria mia' quite well.",
            "He shrugged. _Mais que voulez-vous?\nC'est la guerre!_ And he left.",
            "He lived at https://example.com/ciudad/nueva and in `ciudad_nueva`.",
            "The road was 5 km long.",
            "Schloss Dagstuhl-Leibniz-Zentrum fuer Informatik published it.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn expected_languages_are_not_reported() {
        let m = UntranslatedMatcher::new(&["Spanish".into()]).unwrap();
        let text = "The bank kept its rates, por otra parte, unchanged.";
        let cx = Context::new(text);
        let mut out = Vec::new();
        m.find(&cx, &mut out);
        assert!(out.is_empty());
        assert_eq!(find(text).len(), 1);
        assert!(UntranslatedMatcher::new(&["Klingon".into()]).is_err());
    }
}
