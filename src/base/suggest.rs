//! "Did you mean …?": the known name nearest to a mistyped one, for every hint that names a
//! value that is not known (regions, scopes, settings, keys, rules).

/// The candidate nearest to `input` by edit distance, if it is near enough to be a likely
/// typo (a third of the input's length, at least 1, at most 4 edits), ignoring case.
pub fn nearest<'a, I, S>(input: &str, candidates: I) -> Option<S>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str> + 'a,
{
    // The loop only is generic: everything else is shared by the many instantiations (each
    // is code in the builder module, which has a size budget).
    let (lower, limit) = target(input);
    let mut best: Option<(usize, S)> = None;
    for cand in candidates {
        if let Some(d) = within(&lower, limit, cand.as_ref(), best.as_ref().map(|b| b.0)) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// The input folded, and how many edits away a likely typo of it is.
#[inline(never)]
fn target(input: &str) -> (String, usize) {
    let lower = fold(input);
    let limit = (lower.chars().count() / 3).clamp(1, 4);
    (lower, limit)
}

/// `cand`'s distance from `lower` when it is within `limit` and nearer than `best`.
#[inline(never)]
fn within(lower: &str, limit: usize, cand: &str, best: Option<usize>) -> Option<usize> {
    let d = edit_distance(lower, &fold(cand));
    (d <= limit && best.is_none_or(|b| d < b)).then_some(d)
}

/// A name with ASCII letters in lower case. ASCII only: names are identifiers, and
/// Unicode's case tables would cost the runtime module 10 KB. Not generic, so that the many
/// instantiations of `suggest` share it.
#[inline(never)]
fn fold(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// The usual hint for a value that is not known: "did you mean …?" naming the nearest
/// candidate, or `otherwise` when nothing is near.
pub fn did_you_mean<I, S>(input: &str, candidates: I, otherwise: impl FnOnce() -> String) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    match nearest(input, candidates) {
        Some(n) => mean(n.as_ref()),
        None => otherwise(),
    }
}

#[inline(never)]
fn mean(name: &str) -> String {
    format!("did you mean {}?", crate::base::text::quote(name))
}

/// Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, the
/// commonest typing slip.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}
