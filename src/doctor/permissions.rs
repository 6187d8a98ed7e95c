//! Whether a feature (the microphone, the camera) reaches a cross-origin frame: the page's
//! `Permissions-Policy` header (a structured-field dictionary: `microphone=()`,
//! `microphone=(self "https://apps.mypurecloud.ie")`, `microphone=*`), its legacy
//! `Feature-Policy` (`microphone 'none'`), and the iframe's `allow` attribute
//! (`allow="microphone; camera"`, `microphone 'none'`, `microphone https://...`). A frame
//! gets a feature only when the page's policy lets the frame's origin have it and the
//! iframe delegates it.

/// What the page's policy says of `feature` for a frame at `origin`: Some(false) when it is
/// off for that frame, Some(true) when explicitly on, None when the policy says nothing
/// (the default allowlist, `self`, lets an iframe's `allow` delegate it).
pub fn page_allows(header: &str, feature: &str, origin: &str) -> Option<bool> {
    for member in header.split(',') {
        let Some((name, value)) = member.split_once('=') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case(feature) {
            continue;
        }
        let value = value.split(';').next().unwrap_or("").trim();
        if value == "*" {
            return Some(true);
        }
        let inner = value.trim_start_matches('(').trim_end_matches(')');
        return Some(
            inner
                .split_ascii_whitespace()
                .any(|t| t == "*" || t.trim_matches('"').eq_ignore_ascii_case(origin)),
        );
    }
    None
}

/// The legacy `Feature-Policy` header's word on `feature` for a frame at `origin`.
pub fn legacy_allows(header: &str, feature: &str, origin: &str) -> Option<bool> {
    for d in header.split(';') {
        let mut words = d.split_ascii_whitespace();
        if !words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(feature))
        {
            continue;
        }
        return Some(words.any(|w| w == "*" || w.eq_ignore_ascii_case(origin)));
    }
    None
}

/// Whether an iframe's `allow` attribute delegates `feature` to its `src` origin.
pub fn frame_allows(allow: &str, feature: &str, origin: &str) -> bool {
    allow.split(';').any(|d| {
        let mut words = d.split_ascii_whitespace();
        if !words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(feature))
        {
            return false;
        }
        let rest: Vec<&str> = words.collect();
        rest.is_empty()
            || rest.iter().any(|w| {
                *w == "*" || w.eq_ignore_ascii_case("'src'") || w.eq_ignore_ascii_case(origin)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const APPS: &str = "https://apps.mypurecloud.ie";

    #[test]
    fn policies_read_as_browsers_do() {
        assert_eq!(
            page_allows("camera=(), microphone=()", "microphone", APPS),
            Some(false)
        );
        assert_eq!(
            page_allows("microphone=(self)", "microphone", APPS),
            Some(false)
        );
        assert_eq!(
            page_allows(
                "microphone=(self \"https://apps.mypurecloud.ie\")",
                "microphone",
                APPS
            ),
            Some(true)
        );
        assert_eq!(page_allows("microphone=*", "microphone", APPS), Some(true));
        assert_eq!(page_allows("geolocation=()", "microphone", APPS), None);
        assert_eq!(
            legacy_allows("microphone 'none'", "microphone", APPS),
            Some(false)
        );
        assert!(frame_allows(
            "camera; microphone; autoplay",
            "microphone",
            APPS
        ));
        assert!(!frame_allows(
            "camera; microphone 'none'",
            "microphone",
            APPS
        ));
        assert!(!frame_allows("camera", "microphone", APPS));
        assert!(frame_allows(
            "microphone https://apps.mypurecloud.ie",
            "microphone",
            APPS
        ));
    }
}
