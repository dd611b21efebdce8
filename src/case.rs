//! Carrying the case of matched text over to a suggestion: "Public beards" -> "Public barbs".

/// The case pattern of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseShape {
    Lower,
    /// First letter upper, the rest not all upper.
    Title,
    /// Every letter upper (and more than one letter).
    Upper,
    Mixed,
}

pub fn shape_of(text: &str) -> CaseShape {
    let mut letters = text.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return CaseShape::Lower;
    };
    let rest: Vec<char> = letters.collect();
    if first.is_uppercase() {
        if !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
            CaseShape::Upper
        } else {
            CaseShape::Title
        }
    } else if rest.iter().all(|c| !c.is_uppercase()) {
        CaseShape::Lower
    } else {
        CaseShape::Mixed
    }
}

/// Gives `replacement` the case shape of `matched` where that makes sense: a capitalised
/// match capitalises the replacement's first letter, an all-caps match makes it all caps.
/// A replacement that has capitals of its own ("North Korea") keeps them.
pub fn carry_case(matched: &str, replacement: &str) -> String {
    let has_capitals = replacement.chars().any(char::is_uppercase);
    match shape_of(matched) {
        CaseShape::Upper if has_capitals => replacement.to_string(),
        CaseShape::Upper => replacement.to_uppercase(),
        CaseShape::Title => {
            let mut chars = replacement.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
        CaseShape::Lower | CaseShape::Mixed => replacement.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_title_and_upper_case() {
        assert_eq!(carry_case("Public beards", "public barbs"), "Public barbs");
        assert_eq!(carry_case("MORE IN ADDITION", "even more"), "EVEN MORE");
        assert_eq!(carry_case("more in addition", "even more"), "even more");
        assert_eq!(
            carry_case("korea of the north", "North Korea"),
            "North Korea"
        );
    }
}
