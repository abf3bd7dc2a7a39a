# Shared environment for the scripts: one build directory outside the clone (warm runs stay
# fast across clones), the tools cargo-leptos looks up on PATH, and the site root.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partage/target}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$root/target/site}"
# Debian's binaryen (wasm-opt 108) breaks hydration; the npm one (above on PATH) works.
case "$(command -v wasm-opt || true)" in
  /usr/bin/wasm-opt) echo "warning: /usr/bin/wasm-opt (Debian binaryen) shadows the working one" >&2 ;;
esac
