//! Reading a request's cookies, for the session, the remembered language and the trusted device.

/// The value of the cookie `name` in a request's `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::COOKIE,
            "a=1; partage_lang=en".parse().expect("value"),
        );
        headers.append(
            http::header::COOKIE,
            "partage_session=abc".parse().expect("value"),
        );
        assert_eq!(cookie_value(&headers, "partage_lang"), Some("en"));
        assert_eq!(cookie_value(&headers, "partage_session"), Some("abc"));
        // A name that only starts another's is not it.
        assert_eq!(cookie_value(&headers, "partage"), None);
        assert_eq!(cookie_value(&headers, "b"), None);
    }
}
