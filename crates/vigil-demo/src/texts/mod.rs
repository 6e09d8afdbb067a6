//! The words of the demo: findings and their recommendations, interview accounts,
//! register notes, follow-up evidence, review comments. All invented, no real person.

pub(crate) mod findings;
pub(crate) mod interviews;
pub(crate) mod notes;

use crate::rng::Gen;

/// Fills the placeholders of a text with plausible numbers: `{n}` a few persons or
/// cases, `{h}` hours, `{d}` days, `{t}` a hot temperature.
pub(crate) fn fill(g: &mut Gen, text: &str) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let mut out = text.to_owned();
    for (placeholder, lo, hi) in [("{n}", 2, 9), ("{h}", 2, 14), ("{d}", 3, 30), ("{t}", 29, 35)] {
        if out.contains(placeholder) {
            out = out.replace(placeholder, &g.int(lo, hi).to_string());
        }
    }
    out
}
