//! The browser's end of the live socket (`/ws`, `server/src/live.rs`): one connection per open
//! inbox page, opened again after any drop or server restart with a growing, jittered delay
//! (0.5 s, 1 s, 2 s… up to 15 s). Every (re)connection first hands the page a `Resync`, so it
//! catches up from the last message it saw: nothing missed while away, nothing twice (the page
//! adds only messages numbered after its last one).

use crate::live::LiveEvent;

/// A page's connection: it stops when the page goes.
#[derive(Clone)]
pub struct LiveSocket {
    #[cfg(feature = "hydrate")]
    outgoing: futures::channel::mpsc::UnboundedSender<Outgoing>,
}

#[cfg(feature = "hydrate")]
enum Outgoing {
    Typing(String),
    Stop,
}

impl LiveSocket {
    /// Opens the socket (in the browser; nothing on the server) and calls `on_event` with
    /// every event, `Resync` after each (re)connection.
    pub fn open(on_event: impl Fn(LiveEvent) + 'static) -> LiveSocket {
        #[cfg(feature = "hydrate")]
        {
            let (outgoing, receiver) = futures::channel::mpsc::unbounded();
            leptos::task::spawn_local(run(receiver, on_event));
            let socket = LiveSocket { outgoing };
            let stop = socket.clone();
            leptos::prelude::on_cleanup(move || {
                let _ = stop.outgoing.unbounded_send(Outgoing::Stop);
            });
            socket
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = on_event;
            LiveSocket {}
        }
    }

    /// Tells the other side that this person is typing in `conversation` (the server keeps at
    /// most one such word every 1.5 s).
    pub fn typing(&self, conversation: &str) {
        #[cfg(feature = "hydrate")]
        let _ = self
            .outgoing
            .unbounded_send(Outgoing::Typing(conversation.to_owned()));
        #[cfg(not(feature = "hydrate"))]
        let _ = conversation;
    }
}

#[cfg(feature = "hydrate")]
fn address() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/ws", location.host().ok()?))
}

#[cfg(feature = "hydrate")]
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(feature = "hydrate")]
async fn run(
    mut outgoing: futures::channel::mpsc::UnboundedReceiver<Outgoing>,
    on_event: impl Fn(LiveEvent) + 'static,
) {
    use futures::{FutureExt, SinkExt, StreamExt};
    use gloo_net::websocket::{Message, futures::WebSocket};

    let Some(url) = address() else { return };
    let mut delay = 500;
    loop {
        if let Ok(socket) = WebSocket::open(&url) {
            let (mut write, mut read) = socket.split();
            let mut told = false;
            loop {
                futures::select! {
                    incoming = read.next().fuse() => match incoming {
                        Some(Ok(Message::Text(text))) => {
                            if !told {
                                // Connected: catch up with what came while away.
                                told = true;
                                delay = 500;
                                on_event(LiveEvent::Resync);
                            }
                            if let Ok(event) = serde_json::from_str::<LiveEvent>(&text) {
                                on_event(event);
                            }
                        }
                        Some(Ok(Message::Bytes(_))) => {}
                        Some(Err(_)) | None => break,
                    },
                    out = outgoing.next() => match out {
                        Some(Outgoing::Typing(conversation)) => {
                            let text = serde_json::json!({ "typing": conversation }).to_string();
                            if write.send(Message::Text(text)).await.is_err() {
                                break;
                            }
                        }
                        Some(Outgoing::Stop) | None => {
                            let _ = write.close().await;
                            return;
                        }
                    },
                    _ = sleep(1_000).fuse() => {
                        // The handshake is done once the socket is open: catch up then, even
                        // before the first event arrives.
                        if !told {
                            told = true;
                            delay = 500;
                            on_event(LiveEvent::Resync);
                        }
                    }
                }
            }
        }
        // Dropped or refused: try again, later each time, never all browsers at once.
        let jitter = (js_sys::Math::random() * f64::from(delay) / 2.0) as i32;
        sleep(delay + jitter).await;
        delay = (delay * 2).min(15_000);
    }
}
