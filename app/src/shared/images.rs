//! The sizes of the two copies Partage keeps of every uploaded image (a resource's photo, a
//! message's attachment): the browser reserves their room before they load.

/// Thumbnails are cropped to this size (4:3), for cards, galleries and messages.
pub const THUMB_WIDTH: u32 = 480;
pub const THUMB_HEIGHT: u32 = 360;
/// The large copy fits in this box, its proportions kept.
pub const LARGE_MAX_WIDTH: u32 = 1600;
pub const LARGE_MAX_HEIGHT: u32 = 1200;
/// The largest image or document an upload may carry (phones' photos are 2–8 MB).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
