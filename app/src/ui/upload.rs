//! Sending a form with a file from the browser with its progress (a photo, an attachment):
//! `fetch` reports no upload progress, so this goes through `XMLHttpRequest`. The answer is
//! the server function's own: its JSON value, or its `AppError`.

use crate::error::AppError;

/// Posts `data` to the server function at `path`, calling `on_progress` with the share sent
/// (0–100) as it goes.
pub async fn send<T: serde::de::DeserializeOwned>(
    path: &str,
    data: web_sys::FormData,
    on_progress: impl Fn(u32) + 'static,
) -> Result<T, AppError> {
    use wasm_bindgen::{JsCast, closure::Closure};

    let network = |_| AppError::Network {
        message: String::new(),
    };
    let xhr = web_sys::XmlHttpRequest::new().map_err(network)?;
    xhr.open_with_async("POST", path, true).map_err(network)?;
    xhr.set_request_header("Accept", "application/json")
        .map_err(network)?;
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                let share = (ev.loaded() / ev.total() * 100.0).clamp(0.0, 100.0);
                on_progress(share as u32);
            }
        });
    let upload = xhr.upload().map_err(network)?;
    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    // The load and error handlers are the promise's own functions: no Rust closure to free.
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    xhr.send_with_opt_form_data(Some(&data)).map_err(network)?;
    let outcome = wasm_bindgen_futures::JsFuture::from(settled).await;
    upload.set_onprogress(None);
    drop(progress);
    outcome.map_err(network)?;
    let status = xhr.status().map_err(network)?;
    let body = xhr.response_text().map_err(network)?.unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(&body).map_err(|_| AppError::Network {
            message: String::new(),
        })
    } else {
        Err(serde_json::from_str(&body).unwrap_or(AppError::Network {
            message: String::new(),
        }))
    }
}
