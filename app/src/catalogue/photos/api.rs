//! Server functions for a resource's photos; all for its organization's admins. The upload
//! takes `multipart/form-data` (fields `resource_id`, `alt`, then `photo`), so the browser can
//! send it with a progress bar and a plain form could too.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::Photo,
    super::{MAX_PHOTOS, MAX_UPLOAD_BYTES, PhotoSize, file_name, validate_alt},
    crate::{
        accounts::auth,
        catalogue::resources::api::require_resource_admin,
        db::{Constraint, new_id, now_ms},
        i18n::Msg,
        state::app_state,
    },
    server_fn::codec::{MultipartData, MultipartFormData},
};

/// One multipart field of a photo upload, read up to `cap` bytes (`None`: longer).
#[cfg(feature = "ssr")]
async fn read_capped(
    field: &mut multer::Field<'static>,
    cap: usize,
) -> Result<Option<Vec<u8>>, AppError> {
    crate::files::read_capped(field, cap)
        .await
        .map_err(|problem| match problem {
            crate::files::Upload::Broken => AppError::validation("photo", Msg::PhotoUploadBroken),
            crate::files::Upload::TooLarge => AppError::validation("photo", Msg::PhotoTooLarge),
        })
}

/// Adds a photo to a resource: checked, resized, stored, placed last. Server only: the browser
/// posts the form itself to `UPLOAD_PATH` (for progress events), so the WASM carries neither
/// this function's client nor a multipart reader.
#[cfg(feature = "ssr")]
#[server(prefix = "/api", endpoint = "upload_photo", input = MultipartFormData)]
pub async fn upload_photo(data: MultipartData) -> Result<Photo, AppError> {
    // The whole body is read before any answer, even a refusal: answering while the client
    // still sends would break its connection, and the browser would report a network error
    // instead of ours.
    let mut form = data.into_inner().ok_or_else(AppError::internal)?;
    let (mut resource_id, mut alt, mut file) = (None, None, None);
    let mut too_large = false;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|_| AppError::validation("photo", Msg::PhotoUploadBroken))?
    {
        match field.name() {
            Some("resource_id") => resource_id = read_capped(&mut field, 64).await?,
            Some("alt") => alt = read_capped(&mut field, 4096).await?,
            Some("photo") => match read_capped(&mut field, MAX_UPLOAD_BYTES).await? {
                Some(bytes) => file = Some(bytes),
                None => too_large = true,
            },
            _ => {
                read_capped(&mut field, 0).await?;
            }
        }
    }
    let who = auth::require_user().await?;
    let resource_id = resource_id
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(AppError::not_found)?;
    require_resource_admin(&resource_id).await?;
    let alt = alt
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    let alt = validate_alt(&alt).map_err(|m| AppError::validation("alt", m))?;
    if too_large {
        return Err(AppError::validation("photo", Msg::PhotoTooLarge));
    }
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| AppError::validation("photo", Msg::PhotoRequired))?;
    let state = app_state()?;
    if super::repo::resource_photos(state.db.pool(), &resource_id)
        .await?
        .len()
        >= MAX_PHOTOS
    {
        return Err(AppError::conflict(Msg::PhotoLimitReached));
    }
    let slot = state
        .decode_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "photo: decode slots closed");
            AppError::internal()
        })?;
    let processed = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        super::image::process(&file)
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "photo: processing task failed");
        AppError::internal()
    })?
    .map_err(|msg| match msg {
        Msg::ErrorInternal => AppError::internal(),
        msg => AppError::validation("photo", msg),
    })?;
    let id = new_id();
    super::store(&state.files, &id, &processed)
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "photo: could not store a file");
            AppError::internal()
        })?;
    let new = super::repo::NewPhoto {
        id: &id,
        resource_id: &resource_id,
        alt: &alt,
        width: processed.width,
        height: processed.height,
        bytes: processed.large.len() + processed.thumb.len(),
        created_by: &who.user.id,
        now: now_ms(),
    };
    let placed = place(|| super::repo::insert_photo(state.db.pool(), &new, MAX_PHOTOS)).await;
    match placed {
        Ok(true) => Ok(Photo {
            id,
            alt,
            width: processed.width,
            height: processed.height,
        }),
        other => {
            super::remove(&state.files, &id).await;
            match other {
                Ok(_) => Err(AppError::conflict(Msg::PhotoLimitReached)),
                Err(err) => Err(err.into()),
            }
        }
    }
}

/// Runs a write that may lose a race for a photo's place (a unique violation), a few times.
#[cfg(feature = "ssr")]
async fn place<F, Fut>(write: F) -> Result<bool, sqlx::Error>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<bool, sqlx::Error>>,
{
    let mut attempt = 0;
    loop {
        match write().await {
            Err(err)
                if Constraint::broken_by(&err) == Some(Constraint::PhotoPosition)
                    && attempt < 10 =>
            {
                attempt += 1
            }
            other => return other,
        }
    }
}

/// The resource of photo `id`, whose organization's admin the reader must be.
#[cfg(feature = "ssr")]
async fn require_photo_admin(id: &str) -> Result<String, AppError> {
    let resource = super::repo::photo_resource(app_state()?.db.pool(), id).await?;
    let Some(resource) = resource else {
        auth::require_user().await?;
        return Err(AppError::not_found());
    };
    require_resource_admin(&resource).await?;
    Ok(resource)
}

/// Rewrites a photo's alt text.
#[server(prefix = "/api", endpoint = "set_photo_alt")]
pub async fn set_photo_alt(id: String, alt: String) -> Result<(), AppError> {
    require_photo_admin(&id).await?;
    let alt = validate_alt(&alt).map_err(|m| AppError::validation("alt", m))?;
    if !super::repo::set_photo_alt(app_state()?.db.pool(), &id, &alt).await? {
        return Err(AppError::not_found());
    }
    Ok(())
}

/// Makes a photo the resource's cover (first in its gallery and on cards).
#[server(prefix = "/api", endpoint = "make_photo_cover")]
pub async fn make_photo_cover(id: String) -> Result<(), AppError> {
    require_photo_admin(&id).await?;
    let db = app_state()?.db;
    if !place(|| super::repo::move_photo_first(db.pool(), &id)).await? {
        return Err(AppError::not_found());
    }
    Ok(())
}

/// Removes a photo and its files.
#[server(prefix = "/api", endpoint = "delete_photo")]
pub async fn delete_photo(id: String) -> Result<(), AppError> {
    require_photo_admin(&id).await?;
    let state = app_state()?;
    if !super::repo::delete_photo(state.db.pool(), &id).await? {
        return Err(AppError::not_found());
    }
    super::remove(&state.files, &id).await;
    Ok(())
}

/// Copies every photo of `from` to `to` (new ids, new files), for a duplicated resource.
#[cfg(feature = "ssr")]
pub async fn copy_photos(from: &str, to: &str, user_id: &str) -> Result<(), AppError> {
    let state = app_state()?;
    for photo in super::repo::resource_photos(state.db.pool(), from).await? {
        let id = new_id();
        let mut total = 0;
        for size in [PhotoSize::Thumb, PhotoSize::Large] {
            let copied = match state.files.get(&file_name(&photo.id, size)).await {
                Ok(Some(bytes)) => {
                    total += bytes.len();
                    state.files.put(&file_name(&id, size), &bytes).await
                }
                Ok(None) => Ok(()),
                Err(err) => Err(err),
            };
            copied.map_err(|err| {
                tracing::error!(error = %err, "photo: could not copy a file");
                AppError::internal()
            })?;
        }
        let new = super::repo::NewPhoto {
            id: &id,
            resource_id: to,
            alt: &photo.alt,
            width: photo.width,
            height: photo.height,
            bytes: total,
            created_by: user_id,
            now: now_ms(),
        };
        place(|| super::repo::insert_photo(state.db.pool(), &new, MAX_PHOTOS)).await?;
    }
    Ok(())
}
