//! Text on a fixed-pitch thermal line: encoding, width in columns, wrapping.

use crate::config::TextEncoding;

/// Columns a character takes at normal size. In Chinese mode the printer draws every two-byte
/// character full width (24 dots) and every ASCII byte half width (12 dots). Counting every
/// non-ASCII character as two is exact for GB18030/GBK and errs on the safe side for UTF-8
/// printers, so a line never overflows.
pub fn char_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Columns a string takes at normal size.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Encodes text for the printer. A character the encoding lacks (GBK has no 𠀀, nor €
/// in older printers' fonts) becomes `?` rather than the HTML escape `encoding_rs` would write.
pub fn encode(s: &str, encoding: TextEncoding) -> Vec<u8> {
    let codec = encoding.codec();
    let mut out = Vec::with_capacity(s.len() * 2);
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let (bytes, _, unmappable) = codec.encode(c.encode_utf8(&mut buf));
        if unmappable {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Breaks text into lines of at most `columns` columns. Latin words stay whole where they fit;
/// Chinese breaks between any two characters, except that closing punctuation (、。）…) never
/// starts a line and an opening bracket never ends one (the usual 禁则); a word longer than a
/// line is cut. Line breaks in the input are kept, and lines are trimmed.
pub fn wrap(s: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(4);
    let mut lines = Vec::new();
    for paragraph in s.lines() {
        let mut line: Vec<&str> = Vec::new();
        let mut used = 0;
        for token in tokens(paragraph) {
            if token.trim().is_empty() {
                // One space between words on the same line; none at a line's start.
                if used > 0 && used < columns {
                    line.push(" ");
                    used += 1;
                }
                continue;
            }
            let w = width(token);
            if used + w > columns && used > 0 {
                let carry = line.split_off(break_at(&line, token, w, columns));
                push_line(&mut lines, &line);
                used = carry.iter().map(|t| width(t)).sum();
                line = carry;
            }
            if w <= columns {
                line.push(token);
                used += w;
                continue;
            }
            // A word wider than a whole line: cut it where the columns run out.
            for (i, c) in token.char_indices() {
                if used + char_width(c) > columns {
                    push_line(&mut lines, &line);
                    line.clear();
                    used = 0;
                }
                line.push(&token[i..i + c.len_utf8()]);
                used += char_width(c);
            }
        }
        push_line(&mut lines, &line);
    }
    lines
}

/// Where to end a full line so that `next` (of width `w`) can start the following one: move a
/// character along with closing punctuation, and an opening bracket to the next line, unless
/// that would leave the line empty or the carried part would not fit either.
fn break_at(line: &[&str], next: &str, w: usize, columns: usize) -> usize {
    let mut k = line.len();
    if next
        .chars()
        .all(|c| "、。，．）」』】》〉！？：；”’,.!?:;)".contains(c))
    {
        k = k.saturating_sub(1);
    }
    while k > 0 && line[k - 1].chars().all(|c| "（「『【《〈“‘(".contains(c)) {
        k -= 1;
    }
    let carried: usize = line[k..].iter().map(|t| width(t)).sum();
    if line[..k].iter().all(|t| t.trim().is_empty()) || carried + w > columns {
        return line.len();
    }
    k
}

fn push_line(lines: &mut Vec<String>, line: &[&str]) {
    let text = line.concat();
    let text = text.trim();
    if !text.is_empty() {
        lines.push(text.to_owned());
    }
}

/// Runs of non-space ASCII (words), single spaces, and single non-ASCII characters.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word_char = c.is_ascii() && !c.is_ascii_whitespace();
        if word_char {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
        out.push(&s[i..i + c.len_utf8()]);
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Every run of digits (ASCII or full-width) of `min` or more: how a phone number (11 digits)
/// or an ID number (18, or 17 and an X) would look on paper.
pub fn has_digit_run(s: &str, min: usize) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            run += 1;
            if run >= min {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_double_width() {
        assert_eq!(width("A001"), 4);
        assert_eq!(width("驾驶证业务"), 10);
        assert_eq!(width("12123 app"), 9);
    }

    #[test]
    fn wraps_chinese_anywhere_and_latin_between_words() {
        let lines = wrap("机动车登记业务（转移登记、变更登记、抵押登记）", 16);
        assert!(lines.iter().all(|l| width(l) <= 16), "{lines:?}");
        assert_eq!(
            lines.concat(),
            "机动车登记业务（转移登记、变更登记、抵押登记）"
        );
        let lines = wrap("Vehicle registration and transfer", 16);
        assert_eq!(lines, ["Vehicle", "registration and", "transfer"]);
        let lines = wrap("Supercalifragilisticexpialidocious", 10);
        assert_eq!(lines[0], "Supercalif");
        assert!(lines.iter().all(|l| width(l) <= 10));
    }

    #[test]
    fn punctuation_follows_the_line_breaking_rules() {
        // 16 columns: "（" would end the first line and "、" start the third.
        let lines = wrap("机动车登记业务（转移登记、变更登记）", 16);
        assert_eq!(lines, ["机动车登记业务", "（转移登记、变更", "登记）"]);
        let lines = wrap("机动车登记业务（转移登记、变更登记）", 24);
        assert_eq!(lines, ["机动车登记业务（转移登", "记、变更登记）"]);
    }

    #[test]
    fn a_wide_character_never_straddles_the_edge() {
        // 7 columns: "A" + three Chinese characters would be 7, a fourth would overflow.
        let lines = wrap("A中文字符", 7);
        assert_eq!(lines, ["A中文字", "符"]);
    }

    #[test]
    fn unmappable_characters_become_question_marks() {
        assert_eq!(encode("A€", TextEncoding::Gbk), b"A\x80");
        assert_eq!(encode("A\u{1F600}", TextEncoding::Gbk), b"A?");
        assert_eq!(encode("号", TextEncoding::Gb18030), [0xba, 0xc5]);
    }

    #[test]
    fn digit_runs() {
        assert!(has_digit_run("手机13800138000", 11));
        assert!(has_digit_run("４３０１０２１９９００１０１１２３４", 11));
        assert!(!has_digit_run("交管12123 2026-12-02 08:30:05", 11));
    }
}
