//! Links to the app's pages, built in one place: a page's path is written here and in
//! `routes.rs`, never again at each link (a test below keeps the two in step).

use crate::shared::text::{encode_component, encode_path};

/// A page of the app, with what its path needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link<'a> {
    Organization(&'a str),
    Resource(&'a str),
    EditResource(&'a str),
    /// The resource editor, scrolled to its photos.
    ResourcePhotos(&'a str),
    Need(&'a str),
    /// A booking's page.
    Booking(&'a str),
    /// The page that answers a request from a token in the owner's email.
    AnswerBooking(&'a str),
    /// The invitation page for a token from an email.
    Invitation(&'a str),
    /// A conversation's thread.
    Conversation(&'a str),
    /// The page that starts a conversation about a subject (its kind's code, its id), or leads
    /// to the one that exists.
    NewConversation(&'a str, &'a str),
    /// Sign up, then go on to a path of this site.
    SignUpThen(&'a str),
    /// Sign in, then go on to a path of this site.
    SignInThen(&'a str),
}

impl Link<'_> {
    pub fn href(self) -> String {
        match self {
            Link::Organization(id) => format!("/organismes/{}", encode_component(id)),
            Link::Resource(id) => format!("/ressources/{}", encode_component(id)),
            Link::EditResource(id) => format!("/ressources/{}/modifier", encode_component(id)),
            Link::ResourcePhotos(id) => {
                format!("/ressources/{}/modifier#photos", encode_component(id))
            }
            Link::Need(id) => format!("/besoins/{}", encode_component(id)),
            Link::Booking(id) => format!("/reservations/{}", encode_component(id)),
            Link::AnswerBooking(token) => format!("/reponse?jeton={}", encode_component(token)),
            Link::Invitation(token) => format!("/invitation?jeton={}", encode_component(token)),
            Link::Conversation(id) => format!("/messages/{}", encode_component(id)),
            Link::NewConversation(kind, id) => format!(
                "/messages/nouveau?sujet={}&id={}",
                encode_component(kind),
                encode_component(id)
            ),
            Link::SignUpThen(next) => format!("/inscription?suivant={}", encode_path(next)),
            Link::SignInThen(next) => format!("/connexion?suivant={}", encode_path(next)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each link's path is one `routes.rs` declares.
    #[test]
    fn links_lead_to_declared_pages() {
        let routes = include_str!("../routes.rs");
        for (link, pattern) in [
            (Link::Organization("o1"), "\"/organismes/:id\""),
            (Link::Resource("r1"), "\"/ressources/:id\""),
            (Link::EditResource("r1"), "\"/ressources/:id/modifier\""),
            (Link::ResourcePhotos("r1"), "\"/ressources/:id/modifier\""),
            (Link::Need("n1"), "\"/besoins/:id\""),
            (Link::Booking("b1"), "\"/reservations/:id\""),
            (Link::AnswerBooking("t"), "\"/reponse\""),
            (Link::Invitation("t"), "\"/invitation\""),
            (Link::Conversation("c1"), "\"/messages/:id\""),
            (Link::NewConversation("need", "n1"), "\"/messages/nouveau\""),
            (Link::SignUpThen("/x"), "\"/inscription\""),
            (Link::SignInThen("/x"), "\"/connexion\""),
        ] {
            assert!(routes.contains(pattern), "{pattern} for {link:?}");
            let path = link.href();
            let path = path.split(['?', '#']).next().unwrap_or_default();
            let shape: Vec<&str> = pattern.trim_matches('"').split('/').collect();
            let parts: Vec<&str> = path.split('/').collect();
            assert_eq!(shape.len(), parts.len(), "{path} ~ {pattern}");
            for (s, p) in shape.iter().zip(&parts) {
                assert!(s.starts_with(':') || s == p, "{path} ~ {pattern}");
            }
        }
        assert_eq!(
            Link::SignInThen("/invitation?jeton=a b").href(),
            "/connexion?suivant=/invitation%3Fjeton%3Da%20b"
        );
    }
}
