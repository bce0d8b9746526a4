//! What a list or a text has out of sight, said one way on every screen: "↑ 6 more above
//! (PgUp)", "↓ 4 more (PgDn)" — the count, the direction, and the keys that bring it.

/// What is above the page, with the keys that scroll up (none: nothing in brackets).
pub fn above(n: usize, keys: &str) -> String {
    said('↑', n, "more above", keys)
}

/// What is below the page, with the keys that scroll down.
pub fn below(n: usize, keys: &str) -> String {
    said('↓', n, "more", keys)
}

fn said(arrow: char, n: usize, what: &str, keys: &str) -> String {
    if keys.is_empty() {
        format!("{arrow} {n} {what}")
    } else {
        format!("{arrow} {n} {what} ({keys})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_wording_above_and_below() {
        assert_eq!(above(6, "PgUp"), "↑ 6 more above (PgUp)");
        assert_eq!(above(1, ""), "↑ 1 more above");
        assert_eq!(below(4, "PgDn"), "↓ 4 more (PgDn)");
    }
}
