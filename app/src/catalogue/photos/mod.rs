//! Photos of resources: what the browser sees of them, the limits an upload must respect, and
//! (on the server) how an upload becomes a large copy and a thumbnail. Every photo needs alt
//! text, so a screen-reader user knows what the picture shows.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

pub mod api;
#[cfg(feature = "ssr")]
pub use crate::files::image;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod ui;

/// Where the upload server function answers (`upload_photo`).
pub const UPLOAD_PATH: &str = "/api/upload_photo";

/// Photos one resource may have.
pub const MAX_PHOTOS: usize = 8;
/// Images decoded at the same time, whoever uploads them.
pub const MAX_DECODES_AT_ONCE: usize = 2;
pub use crate::shared::images::{
    LARGE_MAX_HEIGHT, LARGE_MAX_WIDTH, MAX_UPLOAD_BYTES, THUMB_HEIGHT, THUMB_WIDTH,
};
/// The longest alt text, in characters.
pub const MAX_ALT_CHARS: usize = 250;

/// One photo of a resource, in its order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub id: String,
    pub alt: String,
    /// Size of the large copy, so pages reserve its space before it loads.
    pub width: u32,
    pub height: u32,
}

/// The first photo of a resource, as a card shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    pub id: String,
    pub alt: String,
}

/// Which copy of a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoSize {
    Thumb,
    Large,
}

impl PhotoSize {
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Thumb => "vignette",
            Self::Large => "grande",
        }
    }

    pub fn parse(suffix: &str) -> Option<Self> {
        match suffix {
            "vignette" => Some(Self::Thumb),
            "grande" => Some(Self::Large),
            _ => None,
        }
    }
}

/// The address a copy of a photo is served at: `/photos/<id>-vignette.jpg`.
pub fn photo_url(id: &str, size: PhotoSize) -> String {
    format!("/photos/{id}-{}.jpg", size.suffix())
}

/// The key a copy is stored under in the file store (the same name as its address).
pub fn file_name(id: &str, size: PhotoSize) -> String {
    format!("{id}-{}.jpg", size.suffix())
}

/// Reads `/photos/<file>` back into an id and a size. Ids are UUIDs: anything else is refused,
/// so no name can climb out of the photo folder.
pub fn parse_file_name(name: &str) -> Option<(String, PhotoSize)> {
    let stem = name.strip_suffix(".jpg")?;
    let (id, suffix) = stem.rsplit_once('-')?;
    let size = PhotoSize::parse(suffix)?;
    let valid = id.len() == 36
        && id
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c) || c == '-');
    valid.then(|| (id.to_owned(), size))
}

/// Writes both copies of a processed photo under `id`; if one cannot be written, neither stays.
#[cfg(feature = "ssr")]
pub async fn store(
    files: &crate::files::FileStore,
    id: &str,
    processed: &image::Processed,
) -> std::io::Result<()> {
    for (size, bytes) in [
        (PhotoSize::Thumb, &processed.thumb),
        (PhotoSize::Large, &processed.large),
    ] {
        if let Err(err) = files.put(&file_name(id, size), bytes).await {
            remove(files, id).await;
            return Err(err);
        }
    }
    Ok(())
}

/// Deletes both copies of photo `id`; a failure is logged, never shown (the row is what
/// counts).
#[cfg(feature = "ssr")]
pub async fn remove(files: &crate::files::FileStore, id: &str) {
    for size in [PhotoSize::Thumb, PhotoSize::Large] {
        if let Err(err) = files.delete(&file_name(id, size)).await {
            tracing::warn!(error = %err, photo = id, "photo: could not delete a file");
        }
    }
}

/// Alt text, trimmed: required, at most `MAX_ALT_CHARS`.
pub fn validate_alt(alt: &str) -> Result<String, Msg> {
    let alt = alt.trim();
    if alt.is_empty() {
        return Err(Msg::PhotoAltRequired);
    }
    if alt.chars().count() > MAX_ALT_CHARS {
        return Err(Msg::PhotoAltTooLong);
    }
    Ok(alt.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn the_upload_path_is_the_server_functions() {
        use server_fn::ServerFn;
        assert_eq!(api::UploadPhoto::PATH, UPLOAD_PATH);
    }

    #[test]
    fn alt_text_is_required_and_bounded() {
        assert_eq!(
            validate_alt("  Chambre froide  "),
            Ok("Chambre froide".into())
        );
        assert_eq!(validate_alt("   "), Err(Msg::PhotoAltRequired));
        assert_eq!(validate_alt(&"é".repeat(251)), Err(Msg::PhotoAltTooLong));
        assert!(validate_alt(&"é".repeat(250)).is_ok());
    }

    #[test]
    fn file_names_round_trip_and_refuse_paths() {
        let id = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        let name = file_name(id, PhotoSize::Thumb);
        assert_eq!(
            parse_file_name(&name),
            Some((id.to_owned(), PhotoSize::Thumb))
        );
        assert_eq!(
            photo_url(id, PhotoSize::Large),
            format!("/photos/{id}-grande.jpg")
        );
        assert_eq!(parse_file_name("../../etc/passwd-grande.jpg"), None);
        assert_eq!(parse_file_name(&format!("{id}-originale.jpg")), None);
        assert_eq!(parse_file_name(&format!("{id}-grande.png")), None);
        assert_eq!(
            parse_file_name("0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B-grande.jpg"),
            None
        );
    }
}
