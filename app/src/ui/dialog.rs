//! A modal dialog: the browser's own `<dialog>` opened with `showModal()`, so focus moves into
//! it and stays there, Escape closes it and the page behind is inert. A sheet from the bottom
//! of a phone's screen, a centred card on a desktop (style/main.css, `.dialog`).

use leptos::prelude::*;

use super::{Icon, IconName};
use crate::i18n::{Msg, use_i18n};

/// Shows `children` while `open` is true. `id` names the title for screen readers.
#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] id: String,
    #[prop(into)] title: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let wanted = open.get();
        #[cfg(feature = "hydrate")]
        if let Some(dialog) = node.get() {
            if wanted && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !wanted && dialog.open() {
                dialog.close();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (wanted, node);
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog
            node_ref=node
            id=id.clone()
            class="dialog"
            aria-labelledby=labelled_by
            // Escape, or `close()` above: the signal follows.
            on:close=move |_| open.set(false)
        >
            <div class="dialog-header">
                <h2 id=title_id>{move || title.get()}</h2>
                <button
                    type="button"
                    class="button button-ghost icon-button"
                    aria-label=i18n.t(Msg::DialogClose)
                    on:click=move |_| open.set(false)
                >
                    <Icon name=IconName::Close/>
                </button>
            </div>
            <div class="dialog-body">
                {move || open.get().then(|| children())}
            </div>
        </dialog>
    }
}
