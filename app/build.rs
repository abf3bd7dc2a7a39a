//! Turns `locales/fr.json` and `locales/en.json` into a `Msg` enum and two string tables, so a
//! missing or misspelled key is a compile error and the browser carries no JSON parser for them.

use std::{collections::BTreeMap, env, fmt::Write as _, fs, path::Path};

fn load(path: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_flat_object(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A tiny parser for a flat JSON object of string values (the only shape the files may have).
fn parse_flat_object(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut chars = text.chars().peekable();
    let mut out = BTreeMap::new();
    let skip_ws = |c: &mut std::iter::Peekable<std::str::Chars>| {
        while c.peek().is_some_and(|ch| ch.is_whitespace()) {
            c.next();
        }
    };
    let read_string = |c: &mut std::iter::Peekable<std::str::Chars>| -> Result<String, String> {
        if c.next() != Some('"') {
            return Err("expected a string".into());
        }
        let mut s = String::new();
        loop {
            match c.next().ok_or("unterminated string")? {
                '"' => return Ok(s),
                '\\' => match c.next().ok_or("bad escape")? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    '"' => s.push('"'),
                    '\\' => s.push('\\'),
                    '/' => s.push('/'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| c.next()).collect();
                        let code = u32::from_str_radix(&hex, 16).map_err(|e| e.to_string())?;
                        s.push(char::from_u32(code).ok_or("bad \\u escape")?);
                    }
                    other => return Err(format!("unknown escape \\{other}")),
                },
                ch => s.push(ch),
            }
        }
    };
    skip_ws(&mut chars);
    if chars.next() != Some('{') {
        return Err("expected an object".into());
    }
    loop {
        skip_ws(&mut chars);
        if chars.peek() == Some(&'}') {
            chars.next();
            break;
        }
        let key = read_string(&mut chars)?;
        skip_ws(&mut chars);
        if chars.next() != Some(':') {
            return Err(format!("expected ':' after {key}"));
        }
        skip_ws(&mut chars);
        let value = read_string(&mut chars)?;
        if out.insert(key.clone(), value).is_some() {
            return Err(format!("duplicate key {key}"));
        }
        skip_ws(&mut chars);
        match chars.next() {
            Some(',') => continue,
            Some('}') => break,
            _ => return Err(format!("expected ',' or '}}' after {key}")),
        }
    }
    Ok(out)
}

/// A JSON string literal (also a JavaScript one).
fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Messages only the server writes (emails, calendar files): the browser gets neither key nor
/// text.
fn server_only(key: &str) -> bool {
    // Emails and calendar files are written by the server.
    key.starts_with("email.") || key.starts_with("calendar.")
}

/// Messages the browser finds by key: the codes errors carry (`AppError`'s `code`). Others it
/// only finds by their place, so their keys are left out of its script.
fn error_code(key: &str) -> bool {
    key.starts_with("error.") || key.starts_with("photo.")
}

/// Groups of messages that only pages other than the home page show (every page but the home
/// page loads its code lazily). The home page's script leaves their texts out; the browser
/// fetches the whole script before it leaves the home page (`FETCH_THE_REST`). A test
/// (`i18n::tests::the_frame_needs_no_page_message`) checks that the frame and the home page
/// name none of them.
const PAGE_GROUPS: [&str; 33] = [
    "account",
    "admin",
    "answer",
    "audience",
    "availability",
    "block",
    "blocked",
    "board",
    "booking",
    "bookings",
    "fact",
    "feeds",
    "filter",
    "forgot",
    "import",
    "inbox",
    "invitation",
    "matches",
    "my",
    "needs",
    "notice",
    "notices",
    "partners",
    "price",
    "request",
    "reset",
    "resource",
    "sign_up",
    "slot",
    "verify",
    "weekday",
    "outbox",
    "unsubscribe",
];

fn page_only(key: &str) -> bool {
    PAGE_GROUPS.contains(&key.split('.').next().unwrap_or_default())
}

/// `window.__partageMessages={"complete":…,"keys":[…],"texts":[…]};`, both lists in key order;
/// the key of a message that is not an error code, and the text of a server-only one, are
/// empty. Without `full` (the home page's script), the texts of `PAGE_GROUPS` are empty too and
/// the script names the whole one.
fn messages_script<'a>(
    keys: impl Iterator<Item = &'a String>,
    texts: impl Iterator<Item = &'a String>,
    full: Option<&str>,
) -> String {
    let (keys, texts): (Vec<String>, Vec<String>) = keys
        .zip(texts)
        .map(|(k, t)| {
            let key = if error_code(k) { k.as_str() } else { "" };
            let text = if server_only(k) || (full.is_some() && page_only(k)) {
                ""
            } else {
                t.as_str()
            };
            (json_string(key), json_string(text))
        })
        .unzip();
    let head = match full {
        None => "\"complete\":true".to_owned(),
        Some(path) => format!("\"complete\":false,\"full\":{}", json_string(path)),
    };
    let mut script = format!(
        "window.__partageMessages={{{head},\"keys\":[{}],\"texts\":[{}]}};\n",
        keys.join(","),
        texts.join(",")
    );
    if full.is_some() {
        script.push_str(FETCH_THE_REST);
    }
    script.push_str(MENUS);
    script
}

/// The home page's script goes on to fetch the whole one a moment after the page is up; a
/// link to this site followed before it has run waits for it, then is followed again (the
/// WASM reads the messages anew once `complete`). Plain JavaScript: the WASM stays small.
const FETCH_THE_REST: &str = r#"(function(){var w=window,p;function all(){return w.__partageMessages.complete}
function load(){return p||(p=new Promise(function(r){var s=document.createElement("script");s.src=w.__partageMessages.full;s.onload=s.onerror=r;document.head.appendChild(s)}))}
setTimeout(load,1500);
w.addEventListener("click",function(e){if(all()||e.defaultPrevented||e.button||e.ctrlKey||e.metaKey||e.shiftKey||e.altKey)return;
var a=e.target.closest&&e.target.closest("a[href]");if(!a||a.hasAttribute("download")||(a.target&&a.target!=="_self")||/external/.test(a.rel))return;
var h=a.getAttribute("href");if(h[0]!=="/"||h[1]==="/")return;e.preventDefault();e.stopImmediatePropagation();load().then(function(){a.click()})},true)})();
"#;

/// Every page's script ends with this: a menu (`<details data-menu>`) closes once an item in
/// it is chosen, when a tap or click lands outside it, and on Escape (focus back on its
/// button). Plain JavaScript in the script every page loads anyway: no WASM for it, and it
/// works before the page is hydrated.
const MENUS: &str = r#"(function(){var w=window;if(w.__partageMenus)return;w.__partageMenus=1;var d=document;
function open(){return d.querySelectorAll("details[data-menu][open]")}
d.addEventListener("click",function(e){var t=e.target;open().forEach(function(m){if(!m.contains(t)||(t.closest&&t.closest("a[href],button:not(summary)")&&!t.closest("summary")))m.open=false})});
d.addEventListener("keydown",function(e){if(e.key!=="Escape")return;open().forEach(function(m){m.open=false;var s=m.querySelector("summary");if(s)s.focus()})})})();
"#;

/// FNV-1a, 64 bits: names a script by its content.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn variant(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed=locales");
    let fr = load(&dir.join("fr.json"));
    let en = load(&dir.join("en.json"));
    let missing_en: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    let missing_fr: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    assert!(
        missing_en.is_empty() && missing_fr.is_empty(),
        "translation keys out of step: missing in en.json {missing_en:?}; missing in fr.json {missing_fr:?}"
    );
    let mut code = String::new();
    code.push_str("/// Every user-facing message, one variant per key of `locales/*.json`.\n");
    code.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Msg {\n");
    for k in fr.keys() {
        let _ = writeln!(code, "    /// `{k}`\n    {},", variant(k));
    }
    let n = fr.len();
    code.push_str("}\n\n");
    let _ = writeln!(code, "const ALL: [Msg; {n}] = [");
    for k in fr.keys() {
        let _ = writeln!(code, "    Msg::{},", variant(k));
    }
    code.push_str("];\n");
    let _ = writeln!(
        code,
        "/// Message groups only pages other than the home page show.\n#[allow(dead_code)]\nconst PAGE_GROUPS: [&str; {}] = {PAGE_GROUPS:?};",
        PAGE_GROUPS.len()
    );
    // The server compiles every message in: tables indexed by the variant's number, in key
    // order (the map is sorted), so `from_key` is a binary search. The browser compiles none:
    // the page hands it its own language's messages (`messages_script`).
    code.push_str("#[cfg(not(feature = \"hydrate\"))]\nmod tables {\n");
    let _ = writeln!(code, "    pub const KEYS: [&str; {n}] = [");
    for k in fr.keys() {
        let _ = writeln!(code, "        {k:?},");
    }
    code.push_str("    ];\n");
    for (name, table) in [("FR", &fr), ("EN", &en)] {
        let _ = writeln!(code, "    pub const {name}: [&str; {n}] = [");
        for v in table.values() {
            let _ = writeln!(code, "        {v:?},");
        }
        code.push_str("    ];\n");
        // The script that hands these messages to the browser, and its address, named by a
        // hash of its content so it can be cached for good.
        let script = messages_script(fr.keys(), table.values(), None);
        let lower = name.to_ascii_lowercase();
        let path = format!("/i18n/{lower}-{:016x}.js", fnv1a(script.as_bytes()));
        let _ = writeln!(code, "    pub const {name}_SCRIPT: &str = {script:?};");
        let _ = writeln!(code, "    pub const {name}_SCRIPT_PATH: &str = {path:?};");
        // The home page's: the frame's and the home page's messages, and where the rest is.
        let core = messages_script(fr.keys(), table.values(), Some(&path));
        let _ = writeln!(code, "    pub const {name}_CORE_SCRIPT: &str = {core:?};");
        let _ = writeln!(
            code,
            "    pub const {name}_CORE_SCRIPT_PATH: &str = \"/i18n/{lower}-core-{:016x}.js\";",
            fnv1a(core.as_bytes())
        );
    }
    code.push_str("}\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("messages.rs");
    fs::write(out, code).expect("write messages.rs");
}
