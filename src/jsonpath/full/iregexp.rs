//! I-Regexp (RFC 9485), the regular expressions of JSONPath's `match()` and `search()`: a
//! small backtracking matcher with a step budget, so that no pattern can hang the page.
//! Unicode categories are supported for L, Lu, Ll and N through Rust's character predicates
//! (which follow the Unicode tables' derived properties); other categories are refused
//! rather than guessed.

use std::cell::Cell;

#[derive(Debug, Clone)]
pub struct Regex {
    alt: Alt,
    steps: Cell<u32>,
}

#[derive(Debug, Clone)]
struct Alt(Vec<Vec<Piece>>);

#[derive(Debug, Clone)]
struct Piece {
    atom: Atom,
    min: u32,
    max: Option<u32>,
}

#[derive(Debug, Clone)]
enum Atom {
    Char(char),
    /// `.`: any character but a line break.
    Any,
    Class {
        negated: bool,
        items: Vec<Item>,
    },
    Group(Alt),
    /// `^` and `$`: RFC 9485's grammar reads them as ordinary characters, but every
    /// implementation maps I-Regexp onto an engine where they anchor, and the compliance
    /// suite expects that; so they anchor here too.
    Start,
    End,
}

#[derive(Debug, Clone)]
enum Item {
    Range(char, char),
    Category { name: String, negated: bool },
}

/// How much backtracking one match may do before giving up (as "no match").
const STEP_BUDGET: u32 = 1_000_000;
const MAX_REPEAT: u32 = 1000;

impl Regex {
    /// Parse a pattern; None when it is not valid I-Regexp.
    pub fn parse(pattern: &str) -> Result<Regex, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let alt = alternation(&chars, &mut i, 0)?;
        if i != chars.len() {
            return Err(format!("unexpected `{}`", chars[i]));
        }
        Ok(Regex {
            alt,
            steps: Cell::new(0),
        })
    }

    /// Whether the whole text matches (`match()`).
    pub fn is_full_match(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        self.steps.set(0);
        self.alt(&self.alt, &t, 0, &mut |j| j == t.len())
    }

    /// Whether some part of the text matches (`search()`).
    pub fn is_found_in(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        self.steps.set(0);
        (0..=t.len()).any(|s| self.alt(&self.alt, &t, s, &mut |_| true))
    }

    fn alt(&self, a: &Alt, t: &[char], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        a.0.iter().any(|branch| self.seq(branch, 0, t, i, k))
    }

    fn seq(
        &self,
        pieces: &[Piece],
        p: usize,
        t: &[char],
        i: usize,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        match pieces.get(p) {
            None => k(i),
            Some(piece) => self.piece(piece, 0, t, i, &mut |j| self.seq(pieces, p + 1, t, j, k)),
        }
    }

    /// Greedy repetition: one more of the atom while allowed, else stop when enough.
    fn piece(
        &self,
        pc: &Piece,
        count: u32,
        t: &[char],
        i: usize,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        if pc.max.is_none_or(|m| count < m)
            && self.atom(&pc.atom, t, i, &mut |j| {
                (j > i || count < pc.min) && self.piece(pc, count + 1, t, j, k)
            })
        {
            return true;
        }
        count >= pc.min && k(i)
    }

    fn atom(&self, a: &Atom, t: &[char], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > STEP_BUDGET {
            return false;
        }
        match a {
            Atom::Group(alt) => self.alt(alt, t, i, k),
            Atom::Start => i == 0 && k(i),
            Atom::End => i == t.len() && k(i),
            _ => match t.get(i) {
                Some(&c) if single(a, c) => k(i + 1),
                _ => false,
            },
        }
    }
}

fn single(a: &Atom, c: char) -> bool {
    match a {
        Atom::Char(x) => *x == c,
        Atom::Any => c != '\n' && c != '\r',
        Atom::Class { negated, items } => items.iter().any(|it| item(it, c)) != *negated,
        Atom::Group(_) | Atom::Start | Atom::End => false,
    }
}

fn item(it: &Item, c: char) -> bool {
    match it {
        Item::Range(lo, hi) => (*lo..=*hi).contains(&c),
        Item::Category { name, negated } => category(name, c) != *negated,
    }
}

fn category(name: &str, c: char) -> bool {
    match name {
        "L" => c.is_alphabetic(),
        "Lu" => c.is_uppercase(),
        "Ll" => c.is_lowercase(),
        "N" => c.is_numeric(),
        _ => false,
    }
}

const CATEGORIES: &[&str] = &["L", "Lu", "Ll", "N"];

/// Groups nest at most this deep (so no pattern can run the parser out of stack).
const MAX_GROUPS: usize = 32;

fn alternation(p: &[char], i: &mut usize, depth: usize) -> Result<Alt, String> {
    let mut branches = vec![branch(p, i, depth)?];
    while p.get(*i) == Some(&'|') {
        *i += 1;
        branches.push(branch(p, i, depth)?);
    }
    Ok(Alt(branches))
}

fn branch(p: &[char], i: &mut usize, depth: usize) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    while let Some(&c) = p.get(*i) {
        if c == '|' || c == ')' {
            break;
        }
        let atom = atom(p, i, depth)?;
        let (min, max) = quantifier(p, i)?;
        pieces.push(Piece { atom, min, max });
    }
    Ok(pieces)
}

fn number(p: &[char], i: &mut usize) -> Option<u32> {
    let start = *i;
    while p.get(*i).is_some_and(|c| c.is_ascii_digit()) {
        *i += 1;
    }
    let s: String = p[start..*i].iter().collect();
    s.parse().ok()
}

fn quantifier(p: &[char], i: &mut usize) -> Result<(u32, Option<u32>), String> {
    let q = match p.get(*i) {
        Some('*') => (0, None),
        Some('+') => (1, None),
        Some('?') => (0, Some(1)),
        Some('{') => {
            *i += 1;
            let min = number(p, i).ok_or("a {quantifier} needs a number")?;
            let max = if p.get(*i) == Some(&',') {
                *i += 1;
                if p.get(*i) == Some(&'}') {
                    None
                } else {
                    Some(number(p, i).ok_or("bad {n,m}")?)
                }
            } else {
                Some(min)
            };
            if p.get(*i) != Some(&'}') {
                return Err("unclosed {quantifier}".into());
            }
            if max.is_some_and(|m| m < min)
                || min > MAX_REPEAT
                || max.is_some_and(|m| m > MAX_REPEAT)
            {
                return Err("bad {n,m} bounds".into());
            }
            (min, max)
        }
        _ => return Ok((1, Some(1))),
    };
    *i += 1;
    Ok(q)
}

/// `\` escapes usable anywhere: single characters, or a category.
fn escape(p: &[char], i: &mut usize) -> Result<Item, String> {
    *i += 1;
    let c = *p.get(*i).ok_or("a pattern cannot end with `\\`")?;
    *i += 1;
    Ok(match c {
        'n' => Item::Range('\n', '\n'),
        'r' => Item::Range('\r', '\r'),
        't' => Item::Range('\t', '\t'),
        '(' | ')' | '*' | '+' | '-' | '.' | '?' | '[' | '\\' | ']' | '^' | '{' | '|' | '}' => {
            Item::Range(c, c)
        }
        'p' | 'P' => {
            if p.get(*i) != Some(&'{') {
                return Err("\\p needs {Category}".into());
            }
            let start = *i + 1;
            let end = p[start..]
                .iter()
                .position(|&c| c == '}')
                .ok_or("unclosed \\p{")?
                + start;
            let name: String = p[start..end].iter().collect();
            if !CATEGORIES.contains(&name.as_str()) {
                return Err(format!("Unicode category {name} is not supported"));
            }
            *i = end + 1;
            Item::Category {
                name,
                negated: c == 'P',
            }
        }
        _ => return Err(format!("`\\{c}` is not an I-Regexp escape")),
    })
}

fn atom(p: &[char], i: &mut usize, depth: usize) -> Result<Atom, String> {
    let c = p[*i];
    match c {
        '(' => {
            if depth >= MAX_GROUPS {
                return Err("groups are nested too deeply".into());
            }
            *i += 1;
            let inner = alternation(p, i, depth + 1)?;
            if p.get(*i) != Some(&')') {
                return Err("unclosed `(`".into());
            }
            *i += 1;
            Ok(Atom::Group(inner))
        }
        '.' => {
            *i += 1;
            Ok(Atom::Any)
        }
        '^' => {
            *i += 1;
            Ok(Atom::Start)
        }
        '$' => {
            *i += 1;
            Ok(Atom::End)
        }
        '\\' => Ok(match escape(p, i)? {
            Item::Range(a, _) => Atom::Char(a),
            cat => Atom::Class {
                negated: false,
                items: vec![cat],
            },
        }),
        '[' => class(p, i),
        '*' | '+' | '?' | '{' | '}' | ')' | ']' | '|' => Err(format!("unexpected `{c}`")),
        c => {
            *i += 1;
            Ok(Atom::Char(c))
        }
    }
}

fn class(p: &[char], i: &mut usize) -> Result<Atom, String> {
    *i += 1;
    let negated = p.get(*i) == Some(&'^');
    if negated {
        *i += 1;
    }
    let mut items = Vec::new();
    let first = *i;
    loop {
        let c = *p.get(*i).ok_or("unclosed `[`")?;
        match c {
            ']' if *i > first => {
                *i += 1;
                return Ok(Atom::Class { negated, items });
            }
            '[' => return Err("`[` must be escaped inside a class".into()),
            _ => {}
        }
        let lo = match class_char(p, i, first)? {
            Item::Range(a, _) => a,
            cat => {
                items.push(cat);
                continue;
            }
        };
        if p.get(*i) == Some(&'-') && p.get(*i + 1).is_some_and(|&c| c != ']') {
            *i += 1;
            let hi = match class_char(p, i, first)? {
                Item::Range(a, _) => a,
                _ => return Err("a range cannot end in a category".into()),
            };
            if hi < lo {
                return Err("a range runs backwards".into());
            }
            items.push(Item::Range(lo, hi));
        } else {
            items.push(Item::Range(lo, lo));
        }
    }
}

fn class_char(p: &[char], i: &mut usize, first: usize) -> Result<Item, String> {
    let c = p[*i];
    if c == '\\' {
        return escape(p, i);
    }
    // `-` is literal only first or last in a class.
    if c == '-' && *i != first && p.get(*i + 1) != Some(&']') {
        return Err("`-` must be first or last in a class, or escaped".into());
    }
    *i += 1;
    Ok(Item::Range(c, c))
}

#[cfg(test)]
mod tests {
    use super::Regex;

    fn full(p: &str, t: &str) -> bool {
        Regex::parse(p).unwrap().is_full_match(t)
    }

    #[test]
    fn matches_like_i_regexp() {
        assert!(full("a.c", "abc"));
        assert!(!full("a.c", "a\nc"));
        assert!(full("[a-c]+x?", "abcab"));
        assert!(full("(ab|cd){2}", "abcd"));
        assert!(!full("(ab|cd){2}", "abcdab"));
        assert!(full("[^0-9]*", "abc"));
        assert!(full("\\p{Lu}\\p{Ll}+", "Hello"));
        assert!(full("a{2,}", "aaaa"));
        assert!(full("^ab$", "ab"));
        assert!(!Regex::parse("^b").unwrap().is_found_in("ab"));
        assert!(Regex::parse("a").unwrap().is_found_in("xxaxx"));
        for bad in ["(", "a{2,1}", "[z-a]", "\\d", "*a", "\\p{Xx}", "[a"] {
            assert!(Regex::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pathological_patterns_give_up_instead_of_hanging() {
        let re = Regex::parse("(a*)*b").unwrap();
        assert!(!re.is_full_match(&"a".repeat(40)));
    }
}
