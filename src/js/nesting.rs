//! How deep a script nests, judged before oxc parses it. oxc's parser, and every visitor
//! over its tree, recurse once per level of nesting with no limit of their own: measured,
//! 5,000 nested arrays or 20,000 chained ternaries run the CLI's 8 MB stack over and abort
//! the process, and a wasm stack is smaller still. This scan is one pass over the bytes,
//! without allocation beyond a stack of open brackets, and over-counts rather than
//! under-counts: every open bracket is a level, and so is each operator that nests to its
//! right within one (`?`, `=>`, assignments, prefix operators and keywords); binary operators
//! nest to the left one level each, but cost the parser far less, so sixteen count as one.
//! Strings, comments, template text and regular expressions are skipped as the lexer would.

/// Deeper than any framework.js written by hand or minified (they nest 10 to 40 levels);
/// at roughly 2 KB of stack a level, 256 levels stay inside a 1 MB wasm stack.
pub const MAX_NESTING: usize = 256;

/// Binary operators counted as one level of nesting.
const BINARY_PER_LEVEL: usize = 16;

/// Where the script first nests deeper than `MAX_NESTING` (a byte offset), if it does.
pub fn too_deep(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // Per open bracket: its byte, and the operator levels counted inside it so far.
    let mut frames: Vec<Frame> = vec![Frame::new(b'{', false)];
    // Levels of the enclosing frames, so the depth at any point is a sum of two numbers.
    let mut outer = 0usize;
    // Whether a `/` here starts a regular expression (after an operator, a keyword or an
    // opening bracket) rather than dividing.
    let mut regex_ok = true;
    // The last word read, to tell `if (...) /re/` from `f(x) / 2`.
    let mut last_word: &[u8] = b"";
    // A line break after an operand: a statement may have ended there (semicolons are
    // optional), which the next token tells.
    let mut line_ended = false;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        let start = i;
        i += 1;
        // A statement starts where a word, a literal or a block follows the break; an
        // operator there continues the expression, and its levels still count.
        if line_ended && c != b' ' && c != b'\t' && c != b'\r' && c != b'\n' && c != b'/' {
            line_ended = false;
            if (c.is_ascii_alphanumeric() || b"_$\"'`{".contains(&c) || c >= 0x80)
                && let Some(f) = frames.last_mut()
            {
                f.right = 0;
                f.binary = 0;
            }
        }
        match c {
            b'\n' => {
                line_ended |= !regex_ok;
                continue;
            }
            b' ' | b'\t' | b'\r' => continue,
            b'/' if b.get(i) == Some(&b'/') => {
                i = skip_line(b, i);
                continue;
            }
            b'/' if b.get(i) == Some(&b'*') => {
                i = b[i + 1..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(b.len(), |p| i + 1 + p + 2);
                continue;
            }
            b'/' if regex_ok => {
                i = skip_regex(b, i);
                regex_ok = false;
            }
            b'"' | b'\'' => {
                i = skip_quoted(b, i, c);
                regex_ok = false;
            }
            b'`' => {
                // Template text up to `${` (a frame, closed by its `}`) or the closing quote.
                i = skip_template(b, i);
                if b.get(i.wrapping_sub(2)..i) == Some(b"${") {
                    outer += frames.last().map_or(0, Frame::levels);
                    frames.push(Frame::new(b'`', false));
                    regex_ok = true;
                } else {
                    regex_ok = false;
                }
            }
            b'(' | b'[' | b'{' => {
                let control = c == b'(' && is_control(last_word);
                outer += frames.last().map_or(0, Frame::levels);
                frames.push(Frame::new(c, control));
                regex_ok = true;
            }
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                let top = frames.last().map(|f| f.open);
                if frames.len() > 1 && (top == Some(open) || (c == b'}' && top == Some(b'`'))) {
                    let f = frames.pop().unwrap_or(Frame::new(b'{', false));
                    outer -= frames.last().map_or(0, Frame::levels);
                    if f.open == b'`' {
                        // Back in the template's text.
                        i = skip_template(b, i);
                        if b.get(i.wrapping_sub(2)..i) == Some(b"${") {
                            outer += frames.last().map_or(0, Frame::levels);
                            frames.push(Frame::new(b'`', false));
                            regex_ok = true;
                            continue;
                        }
                    }
                    // `if (x) /re/` and `{ ... } /re/` (a block) start a statement.
                    regex_ok = f.control || c == b'}';
                } else {
                    regex_ok = false;
                }
            }
            b',' | b';' => {
                if let Some(f) = frames.last_mut() {
                    f.right = 0;
                    f.binary = 0;
                }
                regex_ok = true;
            }
            _ if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || b[i] == b'$'
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                let word = &b[start..i];
                last_word = word;
                if is_prefix_word(word) {
                    if let Some(f) = frames.last_mut() {
                        f.right += 1;
                    }
                    regex_ok = true;
                } else {
                    regex_ok = is_keyword_before_expression(word);
                }
                if c.is_ascii_digit() {
                    regex_ok = false;
                }
            }
            _ => {
                // Punctuators: one level for those that nest to the right, a fraction for
                // binary ones. Runs such as `===` or `>>>=` are read as one operator.
                // No operator is longer than four characters (`>>>=`); a longer run such as
                // `!!!!` or `- - -` is several, and each prefix one nests.
                while i < b.len()
                    && i - start < 4
                    && b"=<>!&|?:+-*%^~.".contains(&b[i])
                    && b[start] != b'.'
                {
                    i += 1;
                }
                let op = &b[start..i];
                if let Some(f) = frames.last_mut() {
                    if regex_ok {
                        f.right += op.len();
                    } else if nests_right(op, false) {
                        f.right += 1;
                    } else if op != b"++" && op != b"--" {
                        // `.` too: a member chain is parsed in a loop, but every visitor
                        // over the tree recurses once per member (`a.b.c...`, measured:
                        // 200,000 members overflowed the CLI's stack).
                        f.binary += 1;
                    }
                }
                regex_ok = !matches!(op, b"++" | b"--" | b".");
                last_word = b"";
            }
        }
        if c != b'(' && !(c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80) {
            last_word = b"";
        }
        let depth = outer + frames.last().map_or(0, Frame::levels);
        if depth > MAX_NESTING {
            return Some(start);
        }
    }
    None
}

#[derive(Clone, Copy)]
struct Frame {
    open: u8,
    /// The parentheses of `if`, `while`, `for` or `with`: a `/` after them is a regex.
    control: bool,
    right: usize,
    binary: usize,
}

impl Frame {
    fn new(open: u8, control: bool) -> Frame {
        Frame {
            open,
            control,
            right: 0,
            binary: 0,
        }
    }

    fn levels(&self) -> usize {
        1 + self.right + self.binary / BINARY_PER_LEVEL
    }
}

/// Operators whose right side is parsed by recursion: assignments, `?` and `:`, arrows,
/// and unary operators (an operator where an operand is expected).
fn nests_right(op: &[u8], operand_expected: bool) -> bool {
    if operand_expected {
        return true;
    }
    matches!(op, b"?" | b":" | b"=>" | b"??=" | b"||=" | b"&&=")
        || (op.ends_with(b"=") && !matches!(op, b"==" | b"===" | b"!=" | b"!==" | b"<=" | b">="))
}

fn is_control(word: &[u8]) -> bool {
    matches!(word, b"if" | b"while" | b"for" | b"with")
}

fn is_prefix_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"new" | b"typeof" | b"void" | b"delete" | b"await" | b"yield" | b"throw" | b"return"
    )
}

fn is_keyword_before_expression(word: &[u8]) -> bool {
    matches!(
        word,
        b"case" | b"do" | b"else" | b"in" | b"of" | b"instanceof" | b"extends"
    )
}

fn skip_line(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] != b'\n' {
        i += 1;
    }
    i
}

fn skip_quoted(b: &[u8], mut i: usize, quote: u8) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Past a regular expression's body and flags; it cannot span lines.
fn skip_regex(b: &[u8], mut i: usize) -> usize {
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => {
                i += 1;
                while i < b.len() && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return i;
            }
            _ => i += 1,
        }
    }
    b.len()
}

/// Past template text: to just after the closing backquote or after a `${`.
fn skip_template(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if b.get(i + 1) == Some(&b'{') => return i + 2,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
        format!("x = {}{middle}{};", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn real_code_is_well_within_the_limit() {
        for text in [
            "window.Framework = { config: { name: 'a', settings: { theme: { primary: '#fff' } } } };",
            "if (a) /re[)]/.test(b); var c = (d) / 2; x = `a${ `b${c}` }d`; // )))))",
            "f(function () { return a ? b : c ? d : e; }, [1, [2, [3]]], { a: { b: { c: 1 } } });",
        ] {
            assert_eq!(too_deep(text), None, "{text}");
        }
    }

    #[test]
    fn deep_shapes_are_caught_before_the_parser_sees_them() {
        let n = 20_000;
        for text in [
            nested("[", "", "]", n),
            nested("(", "1", ")", n),
            nested("f(", "", ")", n),
            nested("{a:", "1", "}", n),
            format!("x = {}c;", "a?b:".repeat(n)),
            format!("x = {}c;", "a=>".repeat(n)),
            format!("x = {}1;", "-".repeat(n)),
            format!("x = {}1;", "!".repeat(n)),
            format!("x = {}a;", "typeof ".repeat(n)),
            format!("x = {}a;", "a=".repeat(n)),
            format!("x = {};", vec!["1"; 200_000].join("+")),
            format!("x = {}{};", "`${".repeat(n), "}`".repeat(n)),
        ] {
            assert!(too_deep(&text).is_some(), "{}", &text[..40]);
        }
    }

    #[test]
    fn closers_inside_strings_comments_and_regexes_do_not_hide_depth() {
        let hide = "'))))' /* ]]]] */ /]]]]]/ ";
        let text = format!("x = {}{hide}{};", "[".repeat(400), "]".repeat(400));
        assert!(too_deep(&text).is_some());
    }

    #[test]
    fn statements_and_commas_reset_what_they_end() {
        let text = "a = 1;".repeat(100_000) + &"b, ".repeat(100_000);
        assert_eq!(too_deep(&text), None);
        // Without semicolons, a line break ends the statement.
        let text = "a = -b\nc = d ? e : f\n".repeat(100_000);
        assert_eq!(too_deep(&text), None);
    }

    #[test]
    fn operators_at_the_start_of_lines_still_nest() {
        let text = format!("x = a{}c;", "\n? b\n: a".repeat(20_000));
        assert!(too_deep(&text).is_some());
    }
}
