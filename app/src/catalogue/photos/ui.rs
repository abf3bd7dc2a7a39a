//! A resource's photos: the gallery on its page, and the owner's manager in the editor (upload
//! with a progress bar, alt text, cover, removal). A little over 400 lines: the upload with its
//! progress (browser code) is most of it.

use leptos::{ev::SubmitEvent, html, prelude::*, task::spawn_local};

use crate::{
    catalogue::photos::{
        MAX_PHOTOS, MAX_UPLOAD_BYTES, Photo, PhotoSize, THUMB_HEIGHT, THUMB_WIDTH, UPLOAD_PATH,
        api::{delete_photo, make_photo_cover, set_photo_alt},
        photo_url, validate_alt,
    },
    error::AppError,
    i18n::{Msg, use_i18n},
    ui::{FieldError, FormAlert, Icon, IconName, TextField, use_toasts},
};

/// The photos on a resource's page: one large, the others as a strip of thumbnails to pick
/// from. Before the WASM loads, the first photo shows.
#[component]
pub fn PhotoGallery(photos: Vec<Photo>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(0_usize);
    let total = photos.len();
    let list = StoredValue::new(photos);
    let current = move || list.with_value(|l| l.get(shown.get()).cloned());
    view! {
        <section class="gallery" aria-label=i18n.t(Msg::PhotoGalleryLabel)>
            {move || current().map(|p| view! {
                <figure class="gallery-main">
                    <img
                        src=photo_url(&p.id, PhotoSize::Large)
                        alt=p.alt.clone()
                        width=p.width
                        height=p.height
                    />
                </figure>
            })}
            {(total > 1).then(|| view! {
                <ul class="gallery-strip">
                    {list.with_value(|l| l.iter().enumerate().map(|(n, p)| {
                        let label = move || i18n.tf(Msg::PhotoShow, &[("n", &(n + 1).to_string()), ("total", &total.to_string())]);
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="gallery-thumb"
                                    aria-label=label
                                    aria-pressed=move || if shown.get() == n { "true" } else { "false" }
                                    on:click=move |_| shown.set(n)
                                >
                                    <img src=photo_url(&p.id, PhotoSize::Thumb) alt="" width=THUMB_WIDTH height=THUMB_HEIGHT loading="lazy"/>
                                </button>
                            </li>
                        }
                    }).collect_view())}
                </ul>
            })}
        </section>
    }
}

/// The owner's photo manager: the photos in order, each with its alt text, cover and removal,
/// then the upload form.
#[component]
pub fn PhotoManager(
    resource_id: String,
    photos: Vec<Photo>,
    /// What the description field starts with (the resource's title): a suggestion to
    /// improve, not a wall before the upload.
    #[prop(optional, into)]
    suggested_alt: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(photos);
    let count = move || list.with(Vec::len);
    view! {
        <div class="card form-card" id="photos">
            <h2><Icon name=IconName::Image/><span>{i18n.t(Msg::PhotoSectionTitle)}</span></h2>
            <p class="hint">{i18n.t(Msg::PhotoSectionHint)}</p>
            <p class="muted small" aria-live="polite">
                {move || i18n.tf(Msg::PhotoCount, &[("n", &count().to_string())])}
            </p>
            {move || (count() == 0).then(|| view! {
                <p class="photo-empty"><Icon name=IconName::Image/><span>{i18n.t(Msg::PhotoEmpty)}</span></p>
            })}
            <ul class="photo-grid">
                <For
                    each=move || list.get().into_iter().enumerate()
                    key=|(n, p)| (*n, p.id.clone(), p.alt.clone())
                    children=move |(n, photo)| view! { <PhotoItem photo is_cover=n == 0 list/> }
                />
            </ul>
            {move || (count() < MAX_PHOTOS).then(|| view! { <UploadForm resource_id=resource_id.clone() list suggested_alt=suggested_alt.clone()/> })}
        </div>
    }
}

/// One photo in the manager.
#[component]
fn PhotoItem(photo: Photo, is_cover: bool, list: RwSignal<Vec<Photo>>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let alt_input = NodeRef::<html::Input>::new();
    let id = StoredValue::new(photo.id.clone());
    let alt_id = format!("photo-alt-{}", photo.id);
    let error_id = format!("photo-alt-{}-error", photo.id);

    let save_alt = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(input) = alt_input.get() else { return };
        let alt = match validate_alt(&input.value()) {
            Ok(alt) => alt,
            Err(msg) => {
                error.set(Some(AppError::validation("alt", msg)));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let result = set_photo_alt(id.get_value(), alt.clone()).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    error.set(None);
                    list.update(|l| {
                        if let Some(p) = l.iter_mut().find(|p| p.id == id.get_value()) {
                            p.alt = alt;
                        }
                    });
                    toasts.success(i18n.t(Msg::PhotoAltSaved));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let make_cover = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = make_photo_cover(id.get_value()).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    list.update(|l| {
                        if let Some(at) = l.iter().position(|p| p.id == id.get_value()) {
                            let p = l.remove(at);
                            l.insert(0, p);
                        }
                    });
                    toasts.success(i18n.t(Msg::PhotoCoverSet));
                }
                Err(e) => toasts.error(i18n.t(e.msg())),
            }
        });
    };
    let remove = move |_| {
        if !confirmed(i18n.t(Msg::PhotoDeleteConfirm)) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = delete_photo(id.get_value()).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    list.update(|l| l.retain(|p| p.id != id.get_value()));
                    toasts.success(i18n.t(Msg::PhotoDeleted));
                }
                Err(e) => toasts.error(i18n.t(e.msg())),
            }
        });
    };
    let message = Signal::derive(move || error.get().map(|e| e.msg()));
    view! {
        <li class="photo-item" aria-busy=move || busy.get().then_some("true")>
            <div class="photo-frame">
                <img src=photo_url(&photo.id, PhotoSize::Thumb) alt=photo.alt.clone() width=THUMB_WIDTH height=THUMB_HEIGHT loading="lazy"/>
                {is_cover.then(|| view! {
                    <span class="badge badge-ok photo-cover-badge"><Icon name=IconName::Star/><span>{i18n.t(Msg::PhotoCover)}</span></span>
                })}
            </div>
            <form class="photo-alt-form" on:submit=save_alt novalidate=true>
                <div class="field" class:field-invalid=move || error.get().is_some()>
                    <label for=alt_id.clone()>{i18n.t(Msg::PhotoFieldAlt)}</label>
                    <input
                        id=alt_id
                        type="text"
                        node_ref=alt_input
                        value=photo.alt.clone()
                        maxlength="250"
                        required=true
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=error_id.clone()
                    />
                    <FieldError id=error_id message/>
                </div>
                <div class="button-row">
                    <button type="submit" class="button button-secondary button-small" disabled=move || busy.get()>
                        {i18n.t(Msg::PhotoSaveAlt)}
                    </button>
                    {(!is_cover).then(|| view! {
                        <button type="button" class="button button-ghost button-small" on:click=make_cover disabled=move || busy.get()>
                            <Icon name=IconName::Star/><span>{i18n.t(Msg::PhotoMakeCover)}</span>
                        </button>
                    })}
                    <button type="button" class="button button-ghost button-small button-danger" on:click=remove disabled=move || busy.get()>
                        <Icon name=IconName::Trash/><span>{i18n.t(Msg::PhotoDelete)}</span>
                    </button>
                </div>
            </form>
        </li>
    }
}

/// Asks the browser's confirmation dialog; on the server (never reached) it says no.
fn confirmed(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        false
    }
}

/// Where an upload stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Upload {
    Idle,
    /// Bytes on their way: percent sent.
    Sending(u32),
    /// All sent; the server is checking and resizing.
    Processing,
}

/// Choose a file, describe it, send it with a progress bar.
#[component]
fn UploadForm(
    resource_id: String,
    list: RwSignal<Vec<Photo>>,
    suggested_alt: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let state = RwSignal::new(Upload::Idle);
    let error = RwSignal::new(None::<AppError>);
    let form = NodeRef::<html::Form>::new();
    let file_input = NodeRef::<html::Input>::new();
    let alt_value = RwSignal::new(suggested_alt.clone());
    let suggested_alt_again = StoredValue::new(suggested_alt.clone());
    let file_error = Signal::derive(move || {
        error
            .get()
            .filter(|e| e.field() == Some("photo"))
            .map(|e| e.msg())
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if state.get_untracked() != Upload::Idle {
            return;
        }
        let (Some(form), Some(input)) = (form.get(), file_input.get()) else {
            return;
        };
        let problem = match chosen_file_size(&input) {
            None => Some(AppError::validation("photo", Msg::PhotoRequired)),
            Some(size) if size > MAX_UPLOAD_BYTES as f64 => {
                Some(AppError::validation("photo", Msg::PhotoTooLarge))
            }
            Some(_) => validate_alt(&alt_value.get_untracked())
                .err()
                .map(|m| AppError::validation("alt", m)),
        };
        if let Some(problem) = problem {
            error.set(Some(problem));
            return;
        }
        error.set(None);
        state.set(Upload::Sending(0));
        spawn_local(async move {
            let result = send(&form, move |percent| {
                state.set(if percent >= 100 {
                    Upload::Processing
                } else {
                    Upload::Sending(percent)
                });
            })
            .await;
            state.set(Upload::Idle);
            match result {
                Ok(photo) => {
                    list.update(|l| l.push(photo));
                    form.reset();
                    alt_value.set(suggested_alt_again.get_value());
                    toasts.success(i18n.t(Msg::PhotoAdded));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let percent = move || match state.get() {
        Upload::Sending(p) => p,
        _ => 100,
    };
    view! {
        <form
            class="form photo-upload"
            node_ref=form
            method="post"
            enctype="multipart/form-data"
            action=UPLOAD_PATH
            on:submit=on_submit
            novalidate=true
        >
            <FormAlert error=Signal::derive(move || error.get())/>
            <input type="hidden" name="resource_id" value=resource_id/>
            <div on:input=move |ev| alt_value.set(event_target_value(&ev))>
                <TextField label=Msg::PhotoFieldAlt name="alt" field="alt" value=suggested_alt error=Signal::derive(move || error.get()) required=true maxlength=250 hint=Msg::PhotoFieldAltHint/>
            </div>
            <div class="field" class:field-invalid=move || error.get().is_some_and(|e| e.field() == Some("photo"))>
                <label for="photo-file">
                    {i18n.t(Msg::PhotoFieldFile)}
                    <span class="required" aria-hidden="true">" *"</span>
                </label>
                <input
                    id="photo-file"
                    type="file"
                    name="photo"
                    accept="image/jpeg,image/png,image/webp"
                    required=true
                    node_ref=file_input
                    aria-invalid=move || error.get().is_some_and(|e| e.field() == Some("photo")).then_some("true")
                    aria-describedby="photo-file-error"
                />
                <FieldError id="photo-file-error" message=file_error/>
            </div>
            <div class="upload-progress" hidden=move || state.get() == Upload::Idle>
                <label for="photo-progress" id="photo-progress-label">
                    {move || match state.get() {
                        Upload::Processing => i18n.t(Msg::PhotoProcessing).to_owned(),
                        _ => i18n.tf(Msg::PhotoUploading, &[("percent", &percent().to_string())]),
                    }}
                </label>
                <progress id="photo-progress" max="100" value=percent aria-label=i18n.t(Msg::PhotoProgressLabel)></progress>
            </div>
            <button
                type="submit"
                class="button button-primary"
                disabled=move || state.get() != Upload::Idle
                aria-busy=move || (state.get() != Upload::Idle).then_some("true")
            >
                {move || (state.get() != Upload::Idle).then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                <Icon name=IconName::Plus/>
                <span>{i18n.t(Msg::PhotoUpload)}</span>
            </button>
        </form>
    }
}

/// Sends the upload form with `XMLHttpRequest`, the one browser API that reports upload
/// progress, and reads the server function's JSON answer.
#[cfg(feature = "hydrate")]
async fn send(
    form: &web_sys::HtmlFormElement,
    on_progress: impl Fn(u32) + 'static,
) -> Result<Photo, AppError> {
    let data = web_sys::FormData::new_with_form(form).map_err(|_| AppError::Network {
        message: String::new(),
    })?;
    crate::ui::upload::send(UPLOAD_PATH, data, on_progress).await
}

/// Adds `file` to a resource's photos, described by `alt` (a new listing's first photo, sent
/// once the listing is saved).
#[cfg(feature = "hydrate")]
pub async fn upload_photo(
    resource_id: &str,
    alt: &str,
    file: web_sys::File,
    on_progress: impl Fn(u32) + 'static,
) -> Result<Photo, AppError> {
    let network = |_| AppError::Network {
        message: String::new(),
    };
    // Fields in the order the handler reads them: the file last.
    let data = web_sys::FormData::new().map_err(network)?;
    data.append_with_str("resource_id", resource_id)
        .map_err(network)?;
    data.append_with_str("alt", alt).map_err(network)?;
    data.append_with_blob_and_filename("photo", &file, &file.name())
        .map_err(network)?;
    crate::ui::upload::send(UPLOAD_PATH, data, on_progress).await
}

/// The size in bytes of the file chosen in `input`, if any.
#[cfg(feature = "hydrate")]
fn chosen_file_size(input: &web_sys::HtmlInputElement) -> Option<f64> {
    input.files().and_then(|f| f.get(0)).map(|f| f.size())
}

// On the server there is no form to send: its handlers only run in the browser.
#[cfg(not(feature = "hydrate"))]
fn chosen_file_size(_input: &leptos::web_sys::HtmlInputElement) -> Option<f64> {
    None
}

#[cfg(not(feature = "hydrate"))]
async fn send(
    _form: &leptos::web_sys::HtmlFormElement,
    _on_progress: impl Fn(u32) + 'static,
) -> Result<Photo, AppError> {
    Err(AppError::internal())
}
