//! What an uploaded photo really is: checked by content, not by name; bounded in bytes and
//! pixels before any decoding; EXIF read for evidence, then left out of every copy but the
//! original. Plain code, no database, no storage.
use std::io::Cursor;

use chrono::{DateTime, NaiveDateTime, Utc};
use image::{
    DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, codecs::jpeg::JpegEncoder,
};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 40_000_000;
pub const MAX_SIDE: u32 = 12_000;
pub const DISPLAY_SIDE: u32 = 1600;
pub const THUMB_SIDE: u32 = 320;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Webp,
    Heic,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Webp => "image/webp",
            Kind::Heic => "image/heic",
        }
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("larger than {MAX_BYTES} bytes")]
    TooLarge,
    #[error("not a JPEG, PNG, WebP or HEIC image")]
    NotAnImage,
    #[error("more than {MAX_PIXELS} pixels")]
    TooManyPixels,
    #[error("the image cannot be read")]
    Corrupt,
}

/// Evidence read from the original's metadata: for the handling officers only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub captured_at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A checked photo: the original bytes (kept for officers) and, where the format can be
/// decoded here, metadata-free JPEG copies for everyone else.
pub struct Processed {
    pub kind: Kind,
    pub width: u32,
    pub height: u32,
    pub evidence: Evidence,
    /// Re-encoded without metadata, at most `DISPLAY_SIDE` on its long side.
    pub display: Option<Vec<u8>>,
    pub thumbnail: Option<Vec<u8>>,
}

pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Kind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Kind::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(Kind::Webp);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
        ]
        .iter()
        .any(|b| brand == *b)
        {
            return Some(Kind::Heic);
        }
    }
    None
}

/// HEIC dimensions from its first `ispe` (image spatial extents) property.
fn heic_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let pos = bytes.windows(4).position(|w| w == b"ispe")?;
    let at = pos + 4 + 4; // box type, then version and flags
    let w = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?);
    Some((w, h))
}

fn check_pixels(w: u32, h: u32) -> Result<(), Refusal> {
    if w == 0 || h == 0 {
        return Err(Refusal::Corrupt);
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Refusal::TooManyPixels);
    }
    Ok(())
}

/// Checks and processes one upload. CPU-bound: call it off the async executor.
pub fn process(bytes: &[u8]) -> Result<Processed, Refusal> {
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    let kind = sniff(bytes).ok_or(Refusal::NotAnImage)?;
    let evidence = read_evidence(bytes);
    if kind == Kind::Heic {
        let (w, h) = heic_dimensions(bytes).ok_or(Refusal::Corrupt)?;
        check_pixels(w, h)?;
        // HEIC cannot be decoded here: it is kept for the officers only, without copies.
        return Ok(Processed {
            kind,
            width: w,
            height: h,
            evidence,
            display: None,
            thumbnail: None,
        });
    }
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    // The header first: a file that claims 30000×30000 is refused before any decoding.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| Refusal::Corrupt)?;
    check_pixels(w, h)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::Corrupt)?;
    let orientation = decoder.orientation().map_err(|_| Refusal::Corrupt)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| Refusal::Corrupt)?;
    // Turn the pixels the way the camera meant, since the copies carry no EXIF to say so.
    img.apply_orientation(orientation);
    let display = jpeg(&img.thumbnail(DISPLAY_SIDE, DISPLAY_SIDE), 85)?;
    let thumbnail = jpeg(&img.thumbnail(THUMB_SIDE, THUMB_SIDE), 75)?;
    Ok(Processed {
        kind,
        width: img.width(),
        height: img.height(),
        evidence,
        display: Some(display),
        thumbnail: Some(thumbnail),
    })
}

fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img.to_rgb8())
        .map_err(|_| Refusal::Corrupt)?;
    Ok(out)
}

/// Capture time and GPS position, where the photo carries them.
pub fn read_evidence(bytes: &[u8]) -> Evidence {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return Evidence::default();
    };
    let text = |tag| {
        exif.get_field(tag, exif::In::PRIMARY)
            .map(|f| f.display_value().to_string())
    };
    let captured_at = text(exif::Tag::DateTimeOriginal)
        .or_else(|| text(exif::Tag::DateTime))
        .and_then(|s| NaiveDateTime::parse_from_str(s.trim_matches('"'), "%Y-%m-%d %H:%M:%S").ok())
        // Cameras record local time without a zone; in Shanghai that is UTC+8.
        .map(|t| (t - chrono::Duration::hours(8)).and_utc());
    let coord = |value_tag, ref_tag, negative: &str| -> Option<f64> {
        let f = exif.get_field(value_tag, exif::In::PRIMARY)?;
        let exif::Value::Rational(ref parts) = f.value else {
            return None;
        };
        let [d, m, s] = parts.get(0..3)? else {
            return None;
        };
        let mut v = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        if text(ref_tag).is_some_and(|r| r.contains(negative)) {
            v = -v;
        }
        v.is_finite().then_some(v)
    };
    Evidence {
        captured_at,
        latitude: coord(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, "S"),
        longitude: coord(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, "W"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    /// A valid PNG whose header claims `w`×`h`, as a decompression bomb would.
    pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        let mut bytes = png(4, 4);
        bytes[16..20].copy_from_slice(&w.to_be_bytes());
        bytes[20..24].copy_from_slice(&h.to_be_bytes());
        let c = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&c.to_be_bytes());
        bytes
    }

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(sniff(&png(2, 2)), Some(Kind::Png));
        assert_eq!(sniff(b"hello, I am text with a .jpg name"), None);
        assert_eq!(process(b"plain text").err(), Some(Refusal::NotAnImage));
    }

    #[test]
    fn a_pixel_bomb_is_refused_from_its_header() {
        assert_eq!(
            process(&png_claiming(30_000, 30_000)).err(),
            Some(Refusal::TooManyPixels)
        );
    }

    #[test]
    fn too_many_bytes_are_refused_before_anything_else() {
        let mut big = png(2, 2);
        big.resize(MAX_BYTES + 1, 0);
        assert_eq!(process(&big).err(), Some(Refusal::TooLarge));
    }

    #[test]
    fn copies_are_small_jpegs() {
        let p = process(&png(3000, 1000)).unwrap();
        assert_eq!((p.width, p.height), (3000, 1000));
        let thumb = p.thumbnail.unwrap();
        assert_eq!(sniff(&thumb), Some(Kind::Jpeg));
        let (w, h) = ImageReader::new(Cursor::new(&thumb))
            .with_guessed_format()
            .unwrap()
            .into_dimensions()
            .unwrap();
        assert_eq!((w, h), (320, 107));
    }

    #[test]
    fn heic_is_recognised_by_its_brand_and_bounded_by_its_extents() {
        let mut heic = Vec::new();
        heic.extend_from_slice(&24u32.to_be_bytes());
        heic.extend_from_slice(b"ftypheic");
        heic.extend_from_slice(&[0; 12]);
        heic.extend_from_slice(b"....ispe\0\0\0\0");
        heic.extend_from_slice(&4032u32.to_be_bytes());
        heic.extend_from_slice(&3024u32.to_be_bytes());
        let p = process(&heic).unwrap();
        assert_eq!((p.kind, p.width, p.height), (Kind::Heic, 4032, 3024));
        assert!(p.display.is_none());
        let huge = [
            &heic[..heic.len() - 8],
            &20_000u32.to_be_bytes(),
            &20_000u32.to_be_bytes(),
        ]
        .concat();
        assert_eq!(process(&huge).err(), Some(Refusal::TooManyPixels));
    }
}
