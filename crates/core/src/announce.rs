//! The voice announcement (叫号) of the wall display, as a list of recorded clips.
//!
//! Speech synthesis in the web view cannot be relied on (WebKitGTK has no Chinese voice), so the display
//! plays short recorded clips one after another, as hall systems do. This module only decides *which*
//! clips, in which order; it does no I/O. The player looks each name up as `<folder>/<lang>/<name>.wav`,
//! where `<lang>` is the serialized [`Lang`] (`zh-CN` or `en`).
//!
//! # Clip names
//!
//! Each language has its own folder, so a name means the same thing in both languages where the meaning
//! matches (`digit-0` is 零 in `zh-CN/` and "zero" in `en/`).
//!
//! | name                  | zh-CN            | en                      |
//! |-----------------------|------------------|-------------------------|
//! | `chime`               | two-tone ding-dong before an announcement | same |
//! | `pause`               | short silence between repetitions | same |
//! | `letter-a`…`letter-z` | the letter by its English name (A 读作 "ei") | the letter |
//! | `digit-0`…`digit-9`   | 零 一 二 … 九, a ticket's digits read one by one | "zero" … "nine" |
//! | `qing`                | 请               | —                       |
//! | `hao`                 | 号 (after the ticket number) | —           |
//! | `dao`                 | 到               | —                       |
//! | `hao-chuangkou-banli` | 号窗口办理       | —                       |
//! | `num-1`…`num-10`      | 一 … 十, for the window number | —         |
//! | `number`              | —                | "number"                |
//! | `please-go-to-window` | —                | "please go to window"   |
//! | `num-1`…`num-19`, `num-20`, `num-30` … `num-90` | — | "one" … "nineteen", "twenty" … "ninety" |
//!
//! The Chinese `digit-1`…`digit-9` and `num-1`…`num-9` sound alike by default but are separate clips, so
//! a hall may record its own reading of ticket digits (for example 幺 for 1) without changing the window.
//!
//! # Examples
//!
//! `phrase(Lang::Zh, "A012", 35)` → `qing letter-a digit-0 digit-1 digit-2 hao dao num-3 num-10 num-5
//! hao-chuangkou-banli` (请 A 零一二 号 到 三十五 号窗口办理).
//!
//! `phrase(Lang::En, "A012", 35)` → `number letter-a digit-0 digit-1 digit-2 please-go-to-window num-30
//! num-5` ("Number A 0 1 2, please go to window thirty-five").
//!
//! [`announcement`] adds the chime once and repeats the phrase with a `pause` between repetitions.

use serde::{Deserialize, Serialize};

/// Language of an announcement; serialized as the name of its clip folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// Mandarin Chinese (folder `zh-CN`).
    #[serde(rename = "zh-CN")]
    Zh,
    /// English (folder `en`).
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language, in a stable order.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The clip folder of this language (`zh-CN` or `en`), equal to its serialized form.
    pub fn folder(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// Why an announcement cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnounceError {
    /// The ticket number is empty (or only whitespace).
    #[error("the ticket number is empty")]
    Empty,
    /// A character that is neither a letter A–Z nor a digit 0–9 (e.g. '甲', '#', a full-width digit).
    #[error("the ticket number contains {character:?} at position {position}, which is not a letter A–Z or a digit 0–9")]
    UnknownCharacter { character: char, position: usize },
    /// The ticket number does not start with a letter (e.g. "012").
    #[error("the ticket number has no letter prefix")]
    MissingPrefix,
    /// A second letter where a digit was expected (e.g. "AB12" or "A1B").
    #[error("the ticket number has a letter {character:?} at position {position} where a digit was expected")]
    MisplacedLetter { character: char, position: usize },
    /// A letter prefix without digits (e.g. "A").
    #[error("the ticket number has no digits after its prefix")]
    MissingDigits,
    /// More than [`MAX_DIGITS`] digits.
    #[error("the ticket number has {count} digits; at most {MAX_DIGITS} are allowed")]
    TooManyDigits { count: usize },
    /// The window number is 0 or greater than [`MAX_WINDOW`].
    #[error("window {0} cannot be announced; windows are numbered 1 to {MAX_WINDOW}")]
    WindowOutOfRange(u32),
    /// An announcement repeated zero times says nothing.
    #[error("the phrase must be said at least once")]
    NoRepetition,
}

/// Most digits a ticket number may have (A9999).
pub const MAX_DIGITS: usize = 4;
/// Highest window number that can be announced.
pub const MAX_WINDOW: u32 = 99;

/// Clip played once before an announcement.
pub const CHIME: &str = "chime";
/// Clip played between repetitions of the phrase.
pub const PAUSE: &str = "pause";

const LETTERS: [&str; 26] = [
    "letter-a", "letter-b", "letter-c", "letter-d", "letter-e", "letter-f", "letter-g", "letter-h",
    "letter-i", "letter-j", "letter-k", "letter-l", "letter-m", "letter-n", "letter-o", "letter-p",
    "letter-q", "letter-r", "letter-s", "letter-t", "letter-u", "letter-v", "letter-w", "letter-x",
    "letter-y", "letter-z",
];

const DIGITS: [&str; 10] = [
    "digit-0", "digit-1", "digit-2", "digit-3", "digit-4", "digit-5", "digit-6", "digit-7",
    "digit-8", "digit-9",
];

/// Chinese numerals 一 … 十; index `n - 1` holds `num-n`.
const ZH_NUMS: [&str; 10] = [
    "num-1", "num-2", "num-3", "num-4", "num-5", "num-6", "num-7", "num-8", "num-9", "num-10",
];

/// English "one" … "nineteen"; index `n - 1` holds `num-n`.
const EN_UNITS: [&str; 19] = [
    "num-1", "num-2", "num-3", "num-4", "num-5", "num-6", "num-7", "num-8", "num-9", "num-10",
    "num-11", "num-12", "num-13", "num-14", "num-15", "num-16", "num-17", "num-18", "num-19",
];

/// English "twenty" … "ninety"; index `t - 2` holds `num-<t*10>`.
const EN_TENS: [&str; 8] = [
    "num-20", "num-30", "num-40", "num-50", "num-60", "num-70", "num-80", "num-90",
];

const ZH_WORDS: [&str; 4] = ["qing", "hao", "dao", "hao-chuangkou-banli"];
const EN_WORDS: [&str; 2] = ["number", "please-go-to-window"];

/// A checked ticket number: the prefix letter's index (A = 0) and its digits (0–9 each).
struct Ticket {
    letter: usize,
    digits: Vec<usize>,
}

fn parse_ticket(input: &str) -> Result<Ticket, AnnounceError> {
    let text = input.trim();
    let mut chars = text.chars().enumerate();
    let (_, first) = chars.next().ok_or(AnnounceError::Empty)?;
    let letter = if first.is_ascii_alphabetic() {
        usize::from(first.to_ascii_uppercase() as u8 - b'A')
    } else if first.is_ascii_digit() {
        return Err(AnnounceError::MissingPrefix);
    } else {
        return Err(AnnounceError::UnknownCharacter {
            character: first,
            position: 0,
        });
    };
    let mut digits = Vec::with_capacity(MAX_DIGITS);
    for (position, character) in chars {
        if let Some(d) = character.to_digit(10) {
            digits.push(d as usize);
        } else if character.is_ascii_alphabetic() {
            return Err(AnnounceError::MisplacedLetter {
                character,
                position,
            });
        } else {
            return Err(AnnounceError::UnknownCharacter {
                character,
                position,
            });
        }
    }
    match digits.len() {
        0 => Err(AnnounceError::MissingDigits),
        n if n > MAX_DIGITS => Err(AnnounceError::TooManyDigits { count: n }),
        _ => Ok(Ticket { letter, digits }),
    }
}

fn check_window(window: u32) -> Result<usize, AnnounceError> {
    if (1..=MAX_WINDOW).contains(&window) {
        Ok(window as usize)
    } else {
        Err(AnnounceError::WindowOutOfRange(window))
    }
}

/// Window 1–99 as a Chinese number: 3 → 三, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五.
fn zh_window(n: usize, out: &mut Vec<&'static str>) {
    let (tens, units) = (n / 10, n % 10);
    if tens >= 2 {
        out.push(ZH_NUMS[tens - 1]);
    }
    if tens >= 1 {
        out.push(ZH_NUMS[9]);
    }
    if units >= 1 {
        out.push(ZH_NUMS[units - 1]);
    }
}

/// Window 1–99 as an English number: 3 → three, 12 → twelve, 35 → thirty five.
fn en_window(n: usize, out: &mut Vec<&'static str>) {
    if n < 20 {
        out.push(EN_UNITS[n - 1]);
    } else {
        let (tens, units) = (n / 10, n % 10);
        out.push(EN_TENS[tens - 2]);
        if units >= 1 {
            out.push(EN_UNITS[units - 1]);
        }
    }
}

fn phrase_clips(
    lang: Lang,
    ticket_number: &str,
    window: u32,
) -> Result<Vec<&'static str>, AnnounceError> {
    let ticket = parse_ticket(ticket_number)?;
    let window = check_window(window)?;
    let mut out = Vec::with_capacity(16);
    match lang {
        Lang::Zh => {
            out.push("qing");
            out.push(LETTERS[ticket.letter]);
            out.extend(ticket.digits.iter().map(|&d| DIGITS[d]));
            out.push("hao");
            out.push("dao");
            zh_window(window, &mut out);
            out.push("hao-chuangkou-banli");
        }
        Lang::En => {
            out.push("number");
            out.push(LETTERS[ticket.letter]);
            out.extend(ticket.digits.iter().map(|&d| DIGITS[d]));
            out.push("please-go-to-window");
            en_window(window, &mut out);
        }
    }
    Ok(out)
}

/// The clips of one announcement phrase, in order, without chime or repetition.
///
/// `ticket_number` is a letter A–Z (lowercase is accepted) followed by 1 to [`MAX_DIGITS`] digits, each
/// read one by one; surrounding whitespace is ignored. `window` is 1 to [`MAX_WINDOW`].
pub fn phrase(lang: Lang, ticket_number: &str, window: u32) -> Result<Vec<String>, AnnounceError> {
    Ok(phrase_clips(lang, ticket_number, window)?
        .into_iter()
        .map(String::from)
        .collect())
}

/// The whole announcement: [`CHIME`], then the [`phrase`] `repeat` times with [`PAUSE`] between them.
///
/// `repeat` must be at least 1 ([`AnnounceError::NoRepetition`] otherwise).
pub fn announcement(
    lang: Lang,
    ticket_number: &str,
    window: u32,
    repeat: u8,
) -> Result<Vec<String>, AnnounceError> {
    let one = phrase_clips(lang, ticket_number, window)?;
    if repeat == 0 {
        return Err(AnnounceError::NoRepetition);
    }
    let mut out = Vec::with_capacity(1 + usize::from(repeat) * (one.len() + 1));
    out.push(CHIME.to_string());
    for i in 0..repeat {
        if i > 0 {
            out.push(PAUSE.to_string());
        }
        out.extend(one.iter().map(|s| s.to_string()));
    }
    Ok(out)
}

/// Every clip name [`announcement`] can return for `lang`, each once (the complete contents of a clip
/// folder).
pub fn all_clip_names(lang: Lang) -> Vec<&'static str> {
    let mut out = vec![CHIME, PAUSE];
    out.extend(LETTERS);
    out.extend(DIGITS);
    match lang {
        Lang::Zh => {
            out.extend(ZH_WORDS);
            out.extend(ZH_NUMS);
        }
        Lang::En => {
            out.extend(EN_WORDS);
            out.extend(EN_UNITS);
            out.extend(EN_TENS);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Independent reading of a clip as text, to compare against what a person would say.
    fn zh_text(clip: &str) -> String {
        if let Some(l) = clip.strip_prefix("letter-") {
            return l.to_uppercase();
        }
        let numerals = [
            "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        ];
        if let Some(d) = clip.strip_prefix("digit-") {
            return numerals[d.parse::<usize>().unwrap()].to_string();
        }
        if let Some(n) = clip.strip_prefix("num-") {
            return numerals[n.parse::<usize>().unwrap()].to_string();
        }
        match clip {
            "qing" => "请",
            "hao" => "号",
            "dao" => "到",
            "hao-chuangkou-banli" => "号窗口办理",
            "chime" => "♪",
            "pause" => "…",
            other => panic!("unexpected zh clip {other}"),
        }
        .to_string()
    }

    fn zh_sentence(clips: &[String]) -> String {
        clips.iter().map(|c| zh_text(c)).collect()
    }

    /// Chinese window number written independently of the builder.
    fn zh_number_text(n: u32) -> String {
        let d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match n {
            1..=9 => d[n as usize].to_string(),
            10..=19 => format!("十{}", d[(n - 10) as usize]),
            _ => format!("{}十{}", d[(n / 10) as usize], d[(n % 10) as usize]),
        }
    }

    fn letters() -> impl Iterator<Item = char> {
        'A'..='Z'
    }

    #[test]
    fn brief_example_zh() {
        let got = phrase(Lang::Zh, "A012", 3).unwrap();
        assert_eq!(
            got,
            strs(&[
                "qing",
                "letter-a",
                "digit-0",
                "digit-1",
                "digit-2",
                "hao",
                "dao",
                "num-3",
                "hao-chuangkou-banli"
            ])
        );
        assert_eq!(zh_sentence(&got), "请A零一二号到三号窗口办理");
    }

    #[test]
    fn brief_example_en() {
        let got = phrase(Lang::En, "A012", 3).unwrap();
        assert_eq!(
            got,
            strs(&[
                "number",
                "letter-a",
                "digit-0",
                "digit-1",
                "digit-2",
                "please-go-to-window",
                "num-3"
            ])
        );
    }

    #[test]
    fn every_prefix_in_both_cases() {
        for (i, upper) in letters().enumerate() {
            let expected = format!("letter-{}", upper.to_ascii_lowercase());
            for c in [upper, upper.to_ascii_lowercase()] {
                for lang in Lang::ALL {
                    let got = phrase(lang, &format!("{c}001"), 1).unwrap();
                    assert_eq!(got[1], expected, "{lang:?} {c}");
                    assert_eq!(got[2..5], strs(&["digit-0", "digit-0", "digit-1"]));
                }
            }
            assert_eq!(LETTERS[i], expected);
        }
    }

    #[test]
    fn lowercase_and_uppercase_give_same_clips() {
        for lang in Lang::ALL {
            assert_eq!(phrase(lang, "y042", 7), phrase(lang, "Y042", 7));
        }
    }

    #[test]
    fn every_number_as_the_hall_formats_it() {
        let digit_names = [
            "digit-0", "digit-1", "digit-2", "digit-3", "digit-4", "digit-5", "digit-6", "digit-7",
            "digit-8", "digit-9",
        ];
        for prefix in letters() {
            for n in 1..=9999u32 {
                let number = format!("{prefix}{n:03}");
                let expected_digits: Vec<String> = number[1..]
                    .bytes()
                    .map(|b| digit_names[usize::from(b - b'0')].to_string())
                    .collect();
                let zh = phrase(Lang::Zh, &number, 5).unwrap();
                let k = expected_digits.len();
                assert!((3..=4).contains(&k));
                assert_eq!(zh[0], "qing");
                assert_eq!(zh[2..2 + k], expected_digits[..], "{number}");
                assert_eq!(
                    zh[2 + k..],
                    strs(&["hao", "dao", "num-5", "hao-chuangkou-banli"])
                );
                let en = phrase(Lang::En, &number, 5).unwrap();
                assert_eq!(en[0], "number");
                assert_eq!(en[2..2 + k], expected_digits[..], "{number}");
                assert_eq!(en[2 + k..], strs(&["please-go-to-window", "num-5"]));
            }
        }
        // Spot checks of the padding and the switch to four digits.
        assert_eq!(
            zh_sentence(&phrase(Lang::Zh, "A007", 1).unwrap()),
            "请A零零七号到一号窗口办理"
        );
        assert_eq!(
            zh_sentence(&phrase(Lang::Zh, "B999", 2).unwrap()),
            "请B九九九号到二号窗口办理"
        );
        assert_eq!(
            zh_sentence(&phrase(Lang::Zh, "C1000", 4).unwrap()),
            "请C一零零零号到四号窗口办理"
        );
        assert_eq!(
            zh_sentence(&phrase(Lang::Zh, "Y9999", 99).unwrap()),
            "请Y九九九九号到九十九号窗口办理"
        );
    }

    #[test]
    fn shorter_numbers_are_read_as_given() {
        assert_eq!(
            phrase(Lang::Zh, "A7", 1).unwrap()[1..3],
            strs(&["letter-a", "digit-7"])
        );
        assert_eq!(
            phrase(Lang::En, "a12", 1).unwrap()[1..4],
            strs(&["letter-a", "digit-1", "digit-2"])
        );
        // Surrounding whitespace is tolerated.
        assert_eq!(phrase(Lang::Zh, "  A012\n", 3), phrase(Lang::Zh, "A012", 3));
    }

    fn zh_window_clips(window: u32) -> Vec<String> {
        let p = phrase(Lang::Zh, "A001", window).unwrap();
        // qing letter d d d hao dao <window…> hao-chuangkou-banli
        assert_eq!(
            p[..7],
            strs(&["qing", "letter-a", "digit-0", "digit-0", "digit-1", "hao", "dao"])
        );
        assert_eq!(p.last().unwrap(), "hao-chuangkou-banli");
        p[7..p.len() - 1].to_vec()
    }

    fn en_window_clips(window: u32) -> Vec<String> {
        let p = phrase(Lang::En, "A001", window).unwrap();
        assert_eq!(
            p[..6],
            strs(&[
                "number",
                "letter-a",
                "digit-0",
                "digit-0",
                "digit-1",
                "please-go-to-window"
            ])
        );
        p[6..].to_vec()
    }

    #[test]
    fn zh_windows_against_expectation() {
        let cases: [(u32, &[&str]); 11] = [
            (1, &["num-1"]),
            (3, &["num-3"]),
            (9, &["num-9"]),
            (10, &["num-10"]),
            (11, &["num-10", "num-1"]),
            (12, &["num-10", "num-2"]),
            (19, &["num-10", "num-9"]),
            (20, &["num-2", "num-10"]),
            (21, &["num-2", "num-10", "num-1"]),
            (35, &["num-3", "num-10", "num-5"]),
            (99, &["num-9", "num-10", "num-9"]),
        ];
        for (w, expected) in cases {
            assert_eq!(zh_window_clips(w), strs(expected), "window {w}");
        }
    }

    #[test]
    fn zh_every_window_reads_as_chinese_number() {
        for w in 1..=MAX_WINDOW {
            let text: String = zh_window_clips(w).iter().map(|c| zh_text(c)).collect();
            assert_eq!(text, zh_number_text(w), "window {w}");
        }
    }

    #[test]
    fn en_windows_against_expectation() {
        let cases: [(u32, &[&str]); 11] = [
            (1, &["num-1"]),
            (3, &["num-3"]),
            (9, &["num-9"]),
            (10, &["num-10"]),
            (11, &["num-11"]),
            (12, &["num-12"]),
            (19, &["num-19"]),
            (20, &["num-20"]),
            (21, &["num-20", "num-1"]),
            (35, &["num-30", "num-5"]),
            (99, &["num-90", "num-9"]),
        ];
        for (w, expected) in cases {
            assert_eq!(en_window_clips(w), strs(expected), "window {w}");
        }
    }

    #[test]
    fn en_every_window_sums_to_its_value() {
        for w in 1..=MAX_WINDOW {
            let clips = en_window_clips(w);
            assert!((1..=2).contains(&clips.len()), "window {w}: {clips:?}");
            let values: Vec<u32> = clips
                .iter()
                .map(|c| c.strip_prefix("num-").unwrap().parse().unwrap())
                .collect();
            assert_eq!(values.iter().sum::<u32>(), w, "window {w}");
            if values.len() == 2 {
                let (tens, units) = (values[0] / 10, values[0] % 10);
                assert!((2..=9).contains(&tens) && units == 0 && (1..=9).contains(&values[1]));
            }
        }
    }

    #[test]
    fn every_output_is_a_known_clip() {
        for lang in Lang::ALL {
            let known: HashSet<&str> = all_clip_names(lang).into_iter().collect();
            let mut used = HashSet::new();
            for w in 1..=MAX_WINDOW {
                for prefix in letters() {
                    for number in ["000", "123", "456", "789", "9999"] {
                        for clip in announcement(lang, &format!("{prefix}{number}"), w, 2).unwrap()
                        {
                            assert!(
                                known.contains(clip.as_str()),
                                "{lang:?}: unknown clip {clip}"
                            );
                            used.insert(clip);
                        }
                    }
                }
            }
            // And every listed clip is actually used somewhere.
            for name in &known {
                assert!(
                    used.contains(*name),
                    "{lang:?}: {name} is listed but never used"
                );
            }
        }
    }

    #[test]
    fn clip_lists_have_no_duplicates() {
        for lang in Lang::ALL {
            let names = all_clip_names(lang);
            let set: HashSet<_> = names.iter().collect();
            assert_eq!(set.len(), names.len(), "{lang:?}");
            for name in names {
                assert!(
                    name.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{name}"
                );
            }
        }
        assert_eq!(all_clip_names(Lang::Zh).len(), 2 + 26 + 10 + 4 + 10);
        assert_eq!(all_clip_names(Lang::En).len(), 2 + 26 + 10 + 2 + 19 + 8);
    }

    #[test]
    fn announcement_has_chime_and_repeats() {
        let one = phrase(Lang::Zh, "A012", 3).unwrap();
        for repeat in 1..=5u8 {
            let a = announcement(Lang::Zh, "A012", 3, repeat).unwrap();
            let mut expected = strs(&["chime"]);
            for i in 0..repeat {
                if i > 0 {
                    expected.push("pause".into());
                }
                expected.extend(one.iter().cloned());
            }
            assert_eq!(a, expected, "repeat {repeat}");
            assert_eq!(a.iter().filter(|c| *c == "chime").count(), 1);
            assert_eq!(
                a.iter().filter(|c| *c == "pause").count(),
                usize::from(repeat - 1)
            );
            assert_eq!(
                a.iter().filter(|c| *c == "qing").count(),
                usize::from(repeat)
            );
        }
        let twice = announcement(Lang::En, "b7", 12, 2).unwrap();
        assert_eq!(
            twice,
            strs(&[
                "chime",
                "number",
                "letter-b",
                "digit-7",
                "please-go-to-window",
                "num-12",
                "pause",
                "number",
                "letter-b",
                "digit-7",
                "please-go-to-window",
                "num-12",
            ])
        );
        assert_eq!(
            announcement(Lang::Zh, "A012", 3, u8::MAX).unwrap().len(),
            1 + 255 * 9 + 254
        );
    }

    #[test]
    fn zero_repeat_is_refused() {
        assert_eq!(
            announcement(Lang::Zh, "A012", 3, 0),
            Err(AnnounceError::NoRepetition)
        );
        // Input errors are reported before the repeat count.
        assert_eq!(announcement(Lang::Zh, "", 3, 0), Err(AnnounceError::Empty));
    }

    #[test]
    fn bad_ticket_numbers_are_refused() {
        use AnnounceError::*;
        let cases: Vec<(&str, AnnounceError)> = vec![
            ("", Empty),
            ("   ", Empty),
            (
                "甲001",
                UnknownCharacter {
                    character: '甲',
                    position: 0,
                },
            ),
            (
                "#001",
                UnknownCharacter {
                    character: '#',
                    position: 0,
                },
            ),
            (
                "A0#1",
                UnknownCharacter {
                    character: '#',
                    position: 2,
                },
            ),
            (
                "A甲12",
                UnknownCharacter {
                    character: '甲',
                    position: 1,
                },
            ),
            (
                "A-012",
                UnknownCharacter {
                    character: '-',
                    position: 1,
                },
            ),
            (
                "A 012",
                UnknownCharacter {
                    character: ' ',
                    position: 1,
                },
            ),
            (
                "A０１２",
                UnknownCharacter {
                    character: '０',
                    position: 1,
                },
            ),
            (
                "A٣",
                UnknownCharacter {
                    character: '٣',
                    position: 1,
                },
            ),
            (
                "Ä012",
                UnknownCharacter {
                    character: 'Ä',
                    position: 0,
                },
            ),
            (
                "Ａ012",
                UnknownCharacter {
                    character: 'Ａ',
                    position: 0,
                },
            ),
            ("012", MissingPrefix),
            ("7", MissingPrefix),
            (
                "AB12",
                MisplacedLetter {
                    character: 'B',
                    position: 1,
                },
            ),
            (
                "A1b",
                MisplacedLetter {
                    character: 'b',
                    position: 2,
                },
            ),
            ("A", MissingDigits),
            ("z", MissingDigits),
            ("A10000", TooManyDigits { count: 5 }),
            ("A0000000000000000000000", TooManyDigits { count: 22 }),
        ];
        for (input, expected) in cases {
            for lang in Lang::ALL {
                assert_eq!(
                    phrase(lang, input, 3),
                    Err(expected.clone()),
                    "{lang:?} {input:?}"
                );
                assert_eq!(
                    announcement(lang, input, 3, 2),
                    Err(expected.clone()),
                    "{input:?}"
                );
            }
            // Every error has a readable message.
            assert!(!expected.to_string().is_empty());
        }
    }

    #[test]
    fn bad_windows_are_refused() {
        for w in [0, 100, 101, 999, u32::MAX] {
            for lang in Lang::ALL {
                assert_eq!(
                    phrase(lang, "A001", w),
                    Err(AnnounceError::WindowOutOfRange(w))
                );
                assert_eq!(
                    announcement(lang, "A001", w, 2),
                    Err(AnnounceError::WindowOutOfRange(w))
                );
            }
        }
        // The ticket is checked first.
        assert_eq!(
            phrase(Lang::Zh, "#", 0),
            Err(AnnounceError::UnknownCharacter {
                character: '#',
                position: 0
            })
        );
    }

    #[test]
    fn odd_inputs_never_panic() {
        let inputs = [
            "",
            "\u{0}",
            "A\u{0}",
            "🙂",
            "A🙂",
            "ß",
            "İ001",
            "a\u{301}01",
            "A\n1",
            "\u{FEFF}A001",
            "A001\u{FEFF}",
            "Z9999",
            "z0000",
            "A00000",
        ];
        for input in inputs {
            for lang in Lang::ALL {
                for w in [0, 1, 99, 100] {
                    let _ = phrase(lang, input, w);
                    let _ = announcement(lang, input, w, 0);
                    let _ = announcement(lang, input, w, u8::MAX);
                }
            }
        }
    }

    #[test]
    fn lang_serializes_as_folder_name() {
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        assert_eq!(serde_json::from_str::<Lang>("\"zh-CN\"").unwrap(), Lang::Zh);
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
        assert!(serde_json::from_str::<Lang>("\"zh\"").is_err());
        for lang in Lang::ALL {
            assert_eq!(
                serde_json::to_string(&lang).unwrap(),
                format!("\"{}\"", lang.folder())
            );
        }
    }

    #[test]
    fn shipped_clip_folders_are_complete() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/voice");
        let mut missing = Vec::new();
        for lang in Lang::ALL {
            for name in all_clip_names(lang) {
                let path = root.join(lang.folder()).join(format!("{name}.wav"));
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_file() && m.len() > 44 => {}
                    _ => missing.push(path.display().to_string()),
                }
            }
        }
        assert!(
            missing.is_empty(),
            "missing or empty clips (run scripts/make-voice-clips.sh): {missing:#?}"
        );
    }
}
