//! From an uploaded image (a resource's photo, a message's attachment) to the two copies
//! Partage serves: decoded only if it really is a JPEG,
//! PNG or WebP image (the name and the declared type count for nothing), turned upright per its
//! EXIF orientation, shrunk to fit 1600×1200, cropped to a 480×360 thumbnail, and re-encoded as
//! JPEG. Re-encoding drops every metadata block, GPS position included.

use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage,
    codecs::jpeg::JpegEncoder, imageops::FilterType, metadata::Orientation,
};

use crate::{
    i18n::Msg,
    shared::images::{LARGE_MAX_HEIGHT, LARGE_MAX_WIDTH, THUMB_HEIGHT, THUMB_WIDTH},
};

/// Smallest side a photo may have: anything smaller looks broken on a card.
pub const MIN_SIDE: u32 = 200;
/// Most pixels a photo may have (a 40-megapixel camera's, 8,000 × 5,000). A PNG of 12,000 ×
/// 12,000 flat pixels compresses to 435 KB and decodes to 630 MB: the header's size is checked
/// before a single pixel is decoded.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Largest side, whatever the pixel count (a 40,000 × 1,000 strip is no photo).
const MAX_SIDE: u32 = 12_000;
/// Most memory one decode may ask for: a 40-megapixel image with an alpha channel, and room.
const MAX_DECODE_BYTES: u64 = 200 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;

/// The copies of one photo, ready to store.
#[derive(Debug)]
pub struct Processed {
    pub large: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
}

/// Checks and converts an upload. Slow on big photos: call it off the async runtime.
pub fn process(bytes: &[u8]) -> Result<Processed, Msg> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Msg::PhotoNotImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(Msg::PhotoNotImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Msg::PhotoTooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    picture.apply_orientation(orientation);
    if picture.width() < MIN_SIDE || picture.height() < MIN_SIDE {
        return Err(Msg::PhotoTooSmall);
    }
    let large = if picture.width() > LARGE_MAX_WIDTH || picture.height() > LARGE_MAX_HEIGHT {
        picture.resize(LARGE_MAX_WIDTH, LARGE_MAX_HEIGHT, FilterType::CatmullRom)
    } else {
        picture
    };
    let thumb = large.resize_to_fill(THUMB_WIDTH, THUMB_HEIGHT, FilterType::CatmullRom);
    let large_rgb = on_white(&large);
    Ok(Processed {
        width: large_rgb.width(),
        height: large_rgb.height(),
        large: encode(&large_rgb)?,
        thumb: encode(&on_white(&thumb))?,
    })
}

fn decode_error(err: ImageError) -> Msg {
    match err {
        ImageError::Limits(_) => Msg::PhotoTooManyPixels,
        _ => Msg::PhotoNotImage,
    }
}

/// The picture as RGB, transparent parts laid on white (JPEG has no transparency).
fn on_white(picture: &DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.to_rgb8();
    }
    let rgba = picture.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let c = u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a));
            u8::try_from(c / 255).unwrap_or(255)
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

fn encode(picture: &RgbImage) -> Result<Vec<u8>, Msg> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(picture)
        .map_err(|err| {
            tracing::error!(error = %err, "photo: JPEG encoding failed");
            Msg::ErrorInternal
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let picture = image::RgbaImage::from_fn(width, height, |x, _| {
            image::Rgba([u8::try_from(x % 256).unwrap_or(0), 120, 200, alpha])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(picture)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("encode test PNG");
        out
    }

    #[test]
    fn big_photos_shrink_and_get_a_cropped_thumbnail() {
        let done = process(&png(2400, 900, 255)).expect("a valid PNG");
        assert_eq!((done.width, done.height), (1600, 600));
        let thumb = image::load_from_memory(&done.thumb).expect("thumbnail decodes");
        assert_eq!((thumb.width(), thumb.height()), (THUMB_WIDTH, THUMB_HEIGHT));
        assert_eq!(
            image::guess_format(&done.large).expect("a format"),
            ImageFormat::Jpeg
        );
    }

    #[test]
    fn small_enough_photos_keep_their_size_and_transparency_becomes_white() {
        let done = process(&png(640, 480, 0)).expect("a valid PNG");
        assert_eq!((done.width, done.height), (640, 480));
        let large = image::load_from_memory(&done.large)
            .expect("decodes")
            .to_rgb8();
        let [r, g, b] = large.get_pixel(10, 10).0;
        assert!(
            r > 240 && g > 240 && b > 240,
            "transparent became {r},{g},{b}"
        );
    }

    #[test]
    fn files_that_are_not_images_are_refused() {
        assert_eq!(
            process(b"<script>alert(1)</script> not a jpeg").err(),
            Some(Msg::PhotoNotImage)
        );
        // A JPEG header followed by garbage.
        let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake.extend_from_slice(&[0x42; 2048]);
        assert_eq!(process(&fake).err(), Some(Msg::PhotoNotImage));
        // GIF is an image, but not one we take.
        assert_eq!(
            process(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").err(),
            Some(Msg::PhotoNotImage)
        );
    }

    #[test]
    fn tiny_pictures_are_refused() {
        assert_eq!(process(&png(120, 90, 255)).err(), Some(Msg::PhotoTooSmall));
    }
}
