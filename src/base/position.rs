//! Turning byte offsets into line and column (in characters) and back, in time that does not
//! grow with the length of the line: a minified file is one line, and counting the
//! characters from its start for each of thousands of findings cost time with the square of
//! its size. Line starts are found once; every `BLOCK` bytes the count of characters so far
//! is kept, so a lookup counts at most one block.

use std::cell::Cell;

const BLOCK: usize = 1024;

pub struct Index<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Characters in `text[..k * BLOCK]`.
    chars_before: Vec<usize>,
}

// Bytes counted by lookups so far, per thread: the work tests/linear.rs holds to linear
// growth, since a lookup that scanned its whole line would still allocate nothing.
thread_local! {
    static SCANNED: Cell<u64> = const { Cell::new(0) };
}

/// Bytes counted by lookups so far, on this thread.
pub fn scanned() -> u64 {
    SCANNED.with(Cell::get)
}

fn count(bytes: usize) {
    SCANNED.with(|s| s.set(s.get() + bytes as u64));
}

/// A UTF-8 byte that starts a character.
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

impl<'a> Index<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut n = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            chars_before.push(n);
            n += block.iter().filter(|&&b| starts_char(b)).count();
        }
        chars_before.push(n);
        Index {
            text,
            line_starts,
            chars_before,
        }
    }

    /// Characters in `text[..offset]`.
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        count(offset - from);
        self.chars_before[block]
            + self.text.as_bytes()[from..offset]
                .iter()
                .filter(|&&b| starts_char(b))
                .count()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let col = self.chars_to(offset) - self.chars_to(self.line_starts[line]);
        (line as u32 + 1, col as u32 + 1)
    }

    /// Line `n` (1-based) without its line ending, and its byte offset.
    pub fn line(&self, n: usize) -> Option<(usize, &'a str)> {
        let start = *self.line_starts.get(n.checked_sub(1)?)?;
        let end = self.line_starts.get(n).map_or(self.text.len(), |e| e - 1);
        let line = self.text.get(start..end)?;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }

    /// The byte offset of the character `chars` characters into the text (or its end).
    fn offset_of_char(&self, chars: usize) -> usize {
        // The last entry counts the whole text and starts no block.
        let blocks = &self.chars_before[..self.chars_before.len() - 1];
        let block = blocks.partition_point(|&c| c <= chars).saturating_sub(1);
        let mut offset = block * BLOCK;
        let mut n = self.chars_before[block];
        let bytes = self.text.as_bytes();
        while offset < bytes.len() {
            if starts_char(bytes[offset]) {
                if n == chars {
                    break;
                }
                n += 1;
            }
            offset += 1;
        }
        count(offset.saturating_sub(block * BLOCK));
        offset
    }

    /// The byte offset of 1-based `column` (in characters) on the line starting at
    /// `line_start`.
    pub fn column_offset(&self, line_start: usize, column: usize) -> usize {
        self.offset_of_char(self.chars_to(line_start) + column.saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_counting_from_the_line_start() {
        let text = format!("ab\né{}\r\nxyz\n{}", "ü".repeat(3000), "z".repeat(2500));
        let ix = Index::new(&text);
        for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let line = text[..offset].matches('\n').count() + 1;
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let col = text[start..offset].chars().count() + 1;
            assert_eq!(ix.line_col(offset), (line as u32, col as u32), "{offset}");
            assert_eq!(ix.column_offset(start, col), offset, "{offset}");
        }
        assert_eq!(ix.line(1), Some((0, "ab")));
        assert_eq!(ix.line(2).map(|(s, l)| (s, l.len())), Some((3, 6002)));
        assert_eq!(ix.line(5), None);
        assert_eq!(ix.line(0), None);
    }
}
