//! Link the browser module with one data segment per symbol, so `cargo leptos build --split`
//! can move each lazy page's static data (its strings, vtables, panic locations) into that
//! page's chunk. With wasm-ld's default merged `.rodata`, the splitter finds a merged segment
//! that would grow past its input once split and keeps the whole of it in the main module,
//! so every page weighed on the first load (leptos-rs/cargo-leptos#679).
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch.starts_with("wasm")) {
        println!("cargo::rustc-link-arg-cdylib=--no-merge-data-segments");
    }
}
