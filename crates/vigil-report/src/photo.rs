//! Photos for the report: decoded from whatever the device took (JPEG, PNG…), scaled down
//! to a size that prints well without making a report of many photos enormous, and kept as
//! PNG, which both the PDF and the DOCX embed as they are.

use std::io::Cursor;

use serde::{Deserialize, Serialize};

/// The longest side a photo keeps, in pixels (about 15 cm at 200 dpi).
pub const MAX_SIDE: u32 = 1200;

/// A photo ready to embed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub file_name: String,
    pub width: u32,
    pub height: u32,
    /// PNG bytes; not part of the report's JSON.
    #[serde(skip)]
    pub png: Vec<u8>,
}

/// What became of an attachment the report wanted to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    Photo(Photo),
    /// The bytes are not on this device (not synced yet, or removed).
    Missing {
        file_name: String,
    },
    /// Not an image, or an image that does not decode.
    NotShown {
        file_name: String,
    },
}

/// Decodes `bytes` and scales them to at most [`MAX_SIDE`]; `None` if they are no image
/// this build reads.
pub fn prepare(file_name: &str, bytes: &[u8]) -> Option<Photo> {
    let image = image::load_from_memory(bytes).ok()?;
    let image = if image.width().max(image.height()) > MAX_SIDE { image.thumbnail(MAX_SIDE, MAX_SIDE) } else { image };
    // A logo keeps its transparency; a photo needs no alpha channel.
    let image = if image.color().has_alpha() {
        image::DynamicImage::ImageRgba8(image.to_rgba8())
    } else {
        image::DynamicImage::ImageRgb8(image.to_rgb8())
    };
    let mut png = Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).ok()?;
    Some(Photo { file_name: file_name.to_owned(), width: image.width(), height: image.height(), png: png.into_inner() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image =
            image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 40])));
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, image::ImageFormat::Png).expect("png");
        bytes.into_inner()
    }

    #[test]
    fn a_large_photo_is_scaled_down_keeping_its_shape_and_junk_is_refused() {
        let photo = prepare("cell.png", &png(2400, 1600)).expect("photo");
        assert_eq!((photo.width, photo.height), (1200, 800));
        assert!(photo.png.starts_with(b"\x89PNG"));
        let small = prepare("small.png", &png(40, 30)).expect("photo");
        assert_eq!((small.width, small.height), (40, 30));
        assert_eq!(prepare("notes.pdf", b"%PDF-1.7 not an image"), None);
    }
}
