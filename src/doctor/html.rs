//! What `framesmith doctor` reads of a CRM page's HTML: its start tags with their
//! attributes (and where each sits), and the text of its scripts. One pass over the bytes,
//! as HTML's tokenizer reads them closely enough for this purpose: comments, doctype and
//! end tags are skipped, attribute values may be double-, single- or unquoted, and the text
//! of `<script>` and `<style>` runs to their end tags. Names are compared without case, as
//! HTML does; entities in attribute values are decoded for the few that matter (`&amp;`,
//! `&quot;`, `&#39;`, `&lt;`, `&gt;`).

/// A start tag: its name in lower case, its attributes, and where it starts.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<Attr>,
    pub at: usize,
    /// For `<script>`: its text, and where the text starts.
    pub text: Option<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub value: String,
    /// Where the attribute's name starts.
    pub at: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Every start tag of `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(lt) = memchr(b'<', &b[i..]) else {
            break;
        };
        i += lt;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") || rest.starts_with(b"</") {
            i = memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let a_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            // A lone '/' or '=' where a name belongs: step over it.
            if i == a_start {
                i += 1;
                continue;
            }
            let a_name = html[a_start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let v_start = i + 1;
                    let end = memchr(q, &b[v_start..]).map_or(b.len(), |e| v_start + e);
                    value = decode(&html[v_start..end]);
                    i = (end + 1).min(b.len());
                } else {
                    let v_start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode(&html[v_start..i]);
                }
            }
            attrs.push(Attr {
                name: a_name,
                value,
                at: a_start,
            });
        }
        let mut tag = Tag {
            name,
            attrs,
            at: start,
            text: None,
        };
        if matches!(tag.name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{}", tag.name);
            let text_start = i.min(b.len());
            let end = find_ci(b, text_start, close.as_bytes()).unwrap_or(b.len());
            if tag.name == "script" {
                tag.text = Some((html[text_start..end].to_string(), text_start));
            }
            i = memchr(b'>', &b[end..]).map_or(b.len(), |e| end + e + 1);
        }
        out.push(tag);
    }
    out
}

fn memchr(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|x| *x == c)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

fn decode(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::tags;

    #[test]
    fn reads_attributes_in_every_quoting_and_skips_comments_and_script_text() {
        let html = "<!-- <iframe src=x> --><IFRAME SRC='https://a/b?x=1&amp;y=2' allow=\"microphone; camera\" sandbox hidden=1></iframe><script type=module>if (a<b) x('<iframe src=y>')</script><p>";
        let t = tags(html);
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["iframe", "script", "p"]);
        assert_eq!(t[0].attr("src").unwrap().value, "https://a/b?x=1&y=2");
        assert_eq!(t[0].attr("allow").unwrap().value, "microphone; camera");
        assert_eq!(t[0].attr("sandbox").unwrap().value, "");
        assert!(t[1].text.as_ref().unwrap().0.contains("<iframe src=y>"));
    }

    #[test]
    fn unterminated_input_ends_without_panicking() {
        for html in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b='",
            "<script>x",
            "<!--",
            "<iframe src=\"x",
        ] {
            let _ = tags(html);
        }
    }
}
