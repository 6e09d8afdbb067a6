//! Text widths from the embedded fonts' own advances (ttf-parser), so lines are wrapped
//! where they really end, in Latin, Azerbaijani and Cyrillic alike.

use std::sync::LazyLock;

pub static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Advance widths in ems, per font, for the characters looked up.
struct Metrics {
    face: Option<ttf_parser::Face<'static>>,
}

static METRICS: LazyLock<[Metrics; 2]> =
    LazyLock::new(|| [REGULAR, BOLD].map(|data| Metrics { face: ttf_parser::Face::parse(data, 0).ok() }));

/// How wide `text` is at `size` points.
pub fn width(text: &str, size: f32, bold: bool) -> f32 {
    let Some(face) = &METRICS[usize::from(bold)].face else {
        // Without metrics (never with the fonts this build embeds), a wide estimate.
        return text.chars().count() as f32 * size * 0.7;
    };
    let per_em = f32::from(face.units_per_em());
    let units: f32 = text
        .chars()
        .map(|c| {
            let glyph = face.glyph_index(c).unwrap_or_default();
            f32::from(face.glyph_hor_advance(glyph).unwrap_or(face.units_per_em()))
        })
        .sum();
    units / per_em * size
}

/// Greedy word wrap to lines no wider than `max` points; a word longer than a line is cut
/// between letters. Line breaks in the text are kept.
pub fn wrap(text: &str, max: f32, size: f32, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
            if width(&candidate, size, bold) <= max {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            for c in word.chars() {
                let longer = format!("{current}{c}");
                if !current.is_empty() && width(&longer, size, bold) > max {
                    lines.push(std::mem::replace(&mut current, c.to_string()));
                } else {
                    current = longer;
                }
            }
        }
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_letter() {
        let text = "Kameralarda işıq yoxdur və ventilyasiya işləmir; в камерах нет света; supercalifragilisticexpialidociousandmore";
        for size in [8.0, 10.0, 14.0] {
            let lines = wrap(text, 120.0, size, size > 12.0);
            assert!(lines.iter().all(|l| width(l, size, size > 12.0) <= 120.0), "{lines:?}");
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
        assert_eq!(wrap("", 100.0, 10.0, false), vec![String::new()]);
        assert_eq!(wrap("a\nb", 100.0, 10.0, false), vec!["a".to_owned(), "b".to_owned()]);
    }

    #[test]
    fn wide_letters_measure_wider_than_narrow_ones() {
        assert!(width("WWWW", 10.0, false) > width("iiii", 10.0, false) * 2.0);
        assert!(width("Şəki", 10.0, true) > width("Şəki", 10.0, false));
    }
}
