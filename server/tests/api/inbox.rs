//! The inbox: conversations between two organizations, private to them; bad input changes
//! nothing; messages are numbered without gap or repeat however many write at once.

use std::sync::Arc;

use reqwest::Client;
use serde_json::Value;

use crate::{both_backends, helpers::TestApp};

/// A published freezer of `org_id`.
pub(crate) async fn freezer(app: &TestApp, admin: &Client, org_id: &str) -> String {
    app.create(
        admin,
        "create_resource",
        &[
            ("org_id", org_id),
            ("publish", "on"),
            ("input[category]", "freezer"),
            ("input[title]", "Congélateur coffre 500 L"),
            ("input[region]", "06"),
            ("input[price_unit]", "free"),
            ("input[hours][thu][open]", "07:00"),
            ("input[hours][thu][close]", "18:00"),
        ],
    )
    .await
}

/// Adds a member to `org_id` through an invitation; returns their client.
pub(crate) async fn add_member(
    app: &TestApp,
    admin: &Client,
    org_id: &str,
    name: &str,
    email: &str,
) -> Client {
    app.call(
        admin,
        "invite_member",
        &[("org_id", org_id), ("email", email), ("role", "member")],
    )
    .await
    .ok();
    let (_, token) = app.link_sent_to(email).await;
    let member = app.sign_up(name, email).await;
    app.call(&member, "accept_invitation", &[("token", &token)])
        .await
        .ok();
    member
}

/// Starts (or continues) `org_id`'s conversation about `resource` with `body`; answers what
/// the server said.
pub(crate) async fn try_start(
    app: &TestApp,
    client: &Client,
    org_id: &str,
    resource: &str,
    body: &str,
) -> crate::helpers::Answer {
    app.call(
        client,
        "start_conversation",
        &[
            ("org_id", org_id),
            ("kind", "resource"),
            ("subject_id", resource),
            ("body", body),
        ],
    )
    .await
}

/// [`try_start`], which must succeed: answers the conversation's id.
pub(crate) async fn start(
    app: &TestApp,
    client: &Client,
    org_id: &str,
    resource: &str,
    body: &str,
) -> String {
    try_start(app, client, org_id, resource, body)
        .await
        .ok()
        .as_str()
        .expect("a conversation id")
        .to_owned()
}

/// Two organizations talking: Marc's food bank owns a published freezer, Léa's kitchen wrote
/// `first` about it.
pub(crate) struct Talk {
    pub owner: Client,
    pub owner_org: String,
    pub asker: Client,
    pub asker_org: String,
    pub id: String,
}

pub(crate) async fn talk(app: &TestApp, first: &str) -> Talk {
    let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let resource = freezer(app, &owner, &owner_org).await;
    let id = start(app, &asker, &asker_org, &resource, first).await;
    Talk {
        owner,
        owner_org,
        asker,
        asker_org,
        id,
    }
}

/// Sends `body` in conversation `id` as `client`.
pub(crate) async fn send(
    app: &TestApp,
    client: &Client,
    id: &str,
    body: &str,
) -> crate::helpers::Answer {
    app.call(
        client,
        "send_message",
        &[("conversation_id", id), ("body", body)],
    )
    .await
}

pub(crate) async fn thread(app: &TestApp, client: &Client, id: &str) -> Value {
    app.call(client, "get_thread", &[("conversation_id", id)])
        .await
        .ok()
        .clone()
}

/// The id of our member named `name`, as the thread's assignee list gives it.
async fn member_id(app: &TestApp, client: &Client, conversation: &str, name: &str) -> String {
    thread(app, client, conversation).await["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("no member {name}"))["user_id"]
        .as_str()
        .expect("id")
        .to_owned()
}

fn bodies(thread: &Value) -> Vec<String> {
    thread["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["body"].as_str().unwrap_or_default().to_owned())
        .collect()
}

both_backends!(two_organizations_talk_about_a_resource, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let resource = freezer(&app, &owner, &owner_org).await;
    let colleague = add_member(&app, &owner, &owner_org, "Noé", "noe@exemple.org").await;

    let id = start(
        &app,
        &asker,
        &asker_org,
        &resource,
        "Bonjour, est-il libre jeudi ?",
    )
    .await;
    // Writing again about the same resource continues the same conversation.
    let again = start(&app, &asker, &asker_org, &resource, "Vers 9 h, idéalement.").await;
    assert_eq!(id, again);

    // Every member of the owner sees it, unread, in their list.
    let list = app
        .call(&colleague, "list_conversations", &[("org_id", &owner_org)])
        .await;
    let items = list.ok()["items"].as_array().expect("items").clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["other_org_name"], "Cuisine collective");
    assert_eq!(items[0]["subject"]["title"], "Congélateur coffre 500 L");
    assert_eq!(items[0]["unread"], 2);
    assert_eq!(items[0]["last"]["body"], "Vers 9 h, idéalement.");
    // The asker wrote both: nothing unread on their side.
    let mine = app
        .call(&asker, "list_conversations", &[("org_id", &asker_org)])
        .await;
    assert_eq!(mine.ok()["items"][0]["unread"], 0);

    // Reading the thread marks it read for that person and gives the owner's receipt.
    let seen = thread(&app, &colleague, &id).await;
    assert_eq!(
        bodies(&seen),
        ["Bonjour, est-il libre jeudi ?", "Vers 9 h, idéalement."]
    );
    assert_eq!(seen["ours"]["org_name"], "Entrepôt solidaire");
    assert_eq!(seen["theirs"]["org_name"], "Cuisine collective");
    let list = app
        .call(&colleague, "list_conversations", &[("org_id", &owner_org)])
        .await;
    assert_eq!(list.ok()["items"][0]["unread"], 0);
    // The other admin of the owner has read nothing yet; the receipt is the organization's.
    let list = app
        .call(&owner, "list_conversations", &[("org_id", &owner_org)])
        .await;
    assert_eq!(list.ok()["items"][0]["unread"], 2);
    let asker_view = thread(&app, &asker, &id).await;
    assert_eq!(asker_view["theirs"]["read_seq"], 2);
    assert!(asker_view["theirs"]["read_at"].as_i64().is_some());

    // An answer, then catching up from the last message seen.
    let seq = app
        .call(
            &colleague,
            "send_message",
            &[("conversation_id", &id), ("body", "Oui, jeudi 9 h.")],
        )
        .await;
    assert_eq!(seq.ok(), 3);
    let missed = app
        .call(
            &asker,
            "messages_since",
            &[("conversation_id", &id), ("after", "2")],
        )
        .await;
    let missed = missed.ok().as_array().expect("messages").clone();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0]["body"], "Oui, jeudi 9 h.");
    assert_eq!(missed[0]["author"], "Noé");

    // Assigned to a member of our side only.
    app.call(
        &owner,
        "assign_conversation",
        &[("conversation_id", &id), ("assignee", "")],
    )
    .await
    .ok();
    let noe_id = member_id(&app, &colleague, &id, "Noé").await;
    app.call(
        &owner,
        "assign_conversation",
        &[("conversation_id", &id), ("assignee", &noe_id)],
    )
    .await
    .ok();
    assert_eq!(
        thread(&app, &owner, &id).await["ours"]["assignee_name"],
        "Noé"
    );
    app.call(
        &asker,
        "assign_conversation",
        &[("conversation_id", &id), ("assignee", &noe_id)],
    )
    .await
    .error(422, "error.assignee_not_member");

    // Searching the list: by organization, subject and words of a message.
    for (q, found) in [
        ("cuisine", 1),
        ("congélateur", 1),
        ("jeudi 9", 1),
        ("piscine", 0),
    ] {
        let list = app
            .call(
                &owner,
                "list_conversations",
                &[("org_id", &owner_org), ("q", q)],
            )
            .await;
        assert_eq!(
            list.ok()["items"].as_array().expect("items").len(),
            found,
            "{q}"
        );
    }

    // Deleting one's own message leaves its place.
    let first_id = thread(&app, &asker, &id).await["messages"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.call(&colleague, "delete_message", &[("message_id", &first_id)])
        .await
        .error(403, "");
    app.call(&asker, "delete_message", &[("message_id", &first_id)])
        .await
        .ok();
    let after = thread(&app, &owner, &id).await;
    assert_eq!(after["messages"][0]["deleted"], true);
    assert_eq!(after["messages"][0]["body"], "");
    assert_eq!(after["messages"].as_array().expect("messages").len(), 3);
});

both_backends!(outsiders_cannot_read_or_write_a_conversation, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let (outsider, outsider_org) = app.admin_of("Moisson Laval", "eve@exemple.org").await;
    let resource = freezer(&app, &owner, &owner_org).await;
    let id = start(&app, &asker, &asker_org, &resource, "Bonjour").await;
    let message = thread(&app, &asker, &id).await["messages"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let visitor = app.client();

    for client in [&outsider, &visitor] {
        let status = if std::ptr::eq(client, &visitor) {
            401
        } else {
            404
        };
        let calls: [(&str, Vec<(&str, &str)>); 6] = [
            ("get_thread", vec![("conversation_id", &id)]),
            (
                "send_message",
                vec![("conversation_id", &id), ("body", "Coucou")],
            ),
            (
                "messages_since",
                vec![("conversation_id", &id), ("after", "0")],
            ),
            (
                "mark_conversation_read",
                vec![("conversation_id", &id), ("seq", "1")],
            ),
            ("assign_conversation", vec![("conversation_id", &id)]),
            ("delete_message", vec![("message_id", &message)]),
        ];
        for (endpoint, form) in &calls {
            app.call(client, endpoint, form).await.error(status, "");
        }
    }
    // Another organization's list is not theirs to read, and nobody speaks for an
    // organization they do not belong to.
    app.call(&outsider, "list_conversations", &[("org_id", &owner_org)])
        .await
        .error(403, "");
    try_start(&app, &outsider, &asker_org, &resource, "x")
        .await
        .error(403, "");
    // The outsider's own list stays empty; the conversation still holds one message.
    let list = app
        .call(
            &outsider,
            "list_conversations",
            &[("org_id", &outsider_org)],
        )
        .await;
    assert!(list.ok()["items"].as_array().expect("items").is_empty());
    assert_eq!(app.count("messages").await, 1);

    // A removed member stops reading at once.
    let member = add_member(&app, &asker, &asker_org, "Zoé", "zoe@exemple.org").await;
    thread(&app, &member, &id).await;
    let zoe = member_id(&app, &asker, &id, "Zoé").await;
    app.call(
        &asker,
        "remove_member",
        &[("org_id", &asker_org), ("user_id", &zoe)],
    )
    .await
    .ok();
    app.call(&member, "get_thread", &[("conversation_id", &id)])
        .await
        .error(404, "");
});

both_backends!(bad_messages_are_refused_and_change_nothing, |app: Arc<
    TestApp,
>| async move {
    let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
    let resource = freezer(&app, &owner, &owner_org).await;
    let long = "a".repeat(5_001);
    for (body, code) in [
        ("", "error.message_empty"),
        ("   \n  ", "error.message_empty"),
        (long.as_str(), "error.message_too_long"),
        ("bonjour\u{0}", "error.message_invalid"),
    ] {
        try_start(&app, &asker, &asker_org, &resource, body)
            .await
            .error(422, code);
    }
    // Nobody writes to themselves, about what does not exist, or about a draft.
    try_start(&app, &owner, &owner_org, &resource, "Moi")
        .await
        .error(422, "error.message_own_organization");
    try_start(&app, &asker, &asker_org, "nope", "Allô")
        .await
        .error(404, "");
    app.set_resource_status(&owner, &resource, "draft").await;
    try_start(&app, &asker, &asker_org, &resource, "Allô")
        .await
        .error(404, "");
    assert_eq!(app.count("conversations").await, 0);
    assert_eq!(app.count("messages").await, 0);

    // A message of a megabyte is refused before it is read whole, and changes nothing.
    app.set_resource_status(&owner, &resource, "published")
        .await;
    let id = start(&app, &asker, &asker_org, &resource, "Bonjour").await;
    let huge = "é".repeat(512 * 1024);
    // The server may answer 413 and close before the body is sent whole (a broken pipe): on
    // a connection of its own, so the asker's next request does not meet the closed one.
    let lea = app.session_cookie("lea@exemple.org").await;
    let sent = reqwest::Client::new()
        .post(format!("{}/api/send_message", app.base))
        .header("cookie", lea)
        .form(&[("conversation_id", id.as_str()), ("body", huge.as_str())])
        .send()
        .await;
    if let Ok(response) = sent {
        assert_eq!(response.status().as_u16(), 413, "a 1 MB message");
    }
    assert_eq!(app.count("messages").await, 1);
    // Markup is kept as written, to be shown as text.
    let markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    send(&app, &asker, &id, markup).await.ok();
    assert_eq!(
        bodies(&thread(&app, &owner, &id).await),
        ["Bonjour", markup]
    );
});

both_backends!(simultaneous_messages_get_every_number_once, |app: Arc<
    TestApp,
>| async move {
    let Talk {
        owner, asker, id, ..
    } = talk(&app, "0").await;
    let sends = (1..=20).map(|n| {
        let (app, id) = (app.clone(), id.clone());
        let client = if n % 2 == 0 {
            owner.clone()
        } else {
            asker.clone()
        };
        async move {
            send(&app, &client, &id, &n.to_string())
                .await
                .ok()
                .as_i64()
                .expect("seq")
        }
    });
    let mut seqs = futures_util::future::join_all(sends).await;
    seqs.sort_unstable();
    assert_eq!(seqs, (2..=21).collect::<Vec<i64>>());
    let all = app
        .call(
            &owner,
            "messages_since",
            &[("conversation_id", &id), ("after", "0")],
        )
        .await;
    let numbers: Vec<i64> = all
        .ok()
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["seq"].as_i64().expect("seq"))
        .collect();
    assert_eq!(numbers, (1..=21).collect::<Vec<i64>>());
});

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/ws` on the server at `base` with a session cookie (and an `Origin`, as browsers
/// send); the refusal's status when the upgrade is refused.
pub(crate) async fn open_socket(
    base: &str,
    cookie: &str,
    origin: Option<&str>,
) -> Result<Socket, u16> {
    use tokio_tungstenite::tungstenite::{Error, client::IntoClientRequest};
    let url = format!("{}/ws", base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().expect("request");
    if !cookie.is_empty() {
        request
            .headers_mut()
            .insert("cookie", cookie.parse().expect("cookie"));
    }
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", origin.parse().expect("origin"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(Error::Http(response)) => Err(response.status().as_u16()),
        Err(e) => panic!("socket: {e}"),
    }
}

/// The next event the socket sends within `wait`, pings aside.
pub(crate) async fn next_event(socket: &mut Socket, wait: std::time::Duration) -> Option<Value> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return serde_json::from_str(&text).ok(),
            Ok(Some(Ok(_))) => {}
            _ => return None,
        }
    }
}

pub(crate) const SOON: std::time::Duration = std::time::Duration::from_secs(5);
pub(crate) const QUIET: std::time::Duration = std::time::Duration::from_millis(700);

both_backends!(
    the_socket_tells_the_two_organizations_and_nobody_else,
    |app: Arc<TestApp>| async move {
        let (owner, owner_org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let (asker, asker_org) = app.admin_of("Cuisine collective", "lea@exemple.org").await;
        app.admin_of("Moisson Laval", "eve@exemple.org").await;
        let resource = freezer(&app, &owner, &owner_org).await;
        let id = start(&app, &asker, &asker_org, &resource, "Bonjour").await;
        let colleague = add_member(&app, &owner, &owner_org, "Zoé", "zoe@exemple.org").await;
        let here = "http://partage.test";

        // Nobody signed in, or a page of another site with the visitor's cookie: no socket.
        assert_eq!(open_socket(&app.base, "", None).await.err(), Some(401));
        let marc = app.session_cookie("marc@exemple.org").await;
        assert_eq!(
            open_socket(&app.base, &marc, Some("https://evil.example"))
                .await
                .err(),
            Some(403)
        );

        let mut owner_socket = open_socket(&app.base, &marc, Some(here))
            .await
            .expect("owner");
        let lea = app.session_cookie("lea@exemple.org").await;
        let mut asker_socket = open_socket(&app.base, &lea, Some(here))
            .await
            .expect("asker");
        let eve = app.session_cookie("eve@exemple.org").await;
        let mut outsider_socket = open_socket(&app.base, &eve, None).await.expect("outsider");
        let zoe = app.session_cookie("zoe@exemple.org").await;
        let mut colleague_socket = open_socket(&app.base, &zoe, None).await.expect("colleague");

        // A message: both organizations hear of it (keys only), the outsider does not.
        send(&app, &asker, &id, "Jeudi ?").await.ok();
        let expected = serde_json::json!({ "type": "message", "conversation": id, "seq": 2 });
        assert_eq!(
            next_event(&mut owner_socket, SOON).await,
            Some(expected.clone())
        );
        assert_eq!(
            next_event(&mut colleague_socket, SOON).await,
            Some(expected.clone())
        );
        assert_eq!(next_event(&mut asker_socket, SOON).await, Some(expected));
        assert_eq!(next_event(&mut outsider_socket, QUIET).await, None);

        // Reading gives the receipt to both sides.
        app.call(&owner, "get_thread", &[("conversation_id", &id)])
            .await
            .ok();
        let read = next_event(&mut asker_socket, SOON).await.expect("receipt");
        assert_eq!(read["type"], "read");
        assert_eq!(read["org"], owner_org.as_str());
        assert_eq!(read["seq"], 2);

        // Typing: the other side hears who; a socket cannot type in others' conversations.
        use futures_util::SinkExt;
        use tokio_tungstenite::tungstenite::Message;
        owner_socket
            .send(Message::Text(
                serde_json::json!({ "typing": id }).to_string().into(),
            ))
            .await
            .expect("send");
        let typing = loop {
            let event = next_event(&mut asker_socket, SOON).await.expect("typing");
            if event["type"] == "typing" {
                break event;
            }
        };
        assert_eq!(typing["name"], "Admin");
        assert_eq!(typing["org"], owner_org.as_str());
        outsider_socket
            .send(Message::Text(
                serde_json::json!({ "typing": id }).to_string().into(),
            ))
            .await
            .expect("send");
        assert_eq!(next_event(&mut outsider_socket, QUIET).await, None);
        while next_event(&mut asker_socket, QUIET).await.is_some() {}

        // A member removed hears nothing more, at once.
        while next_event(&mut colleague_socket, QUIET).await.is_some() {}
        let zoe_id = member_id(&app, &owner, &id, "Zoé").await;
        app.call(
            &owner,
            "remove_member",
            &[("org_id", &owner_org), ("user_id", &zoe_id)],
        )
        .await
        .ok();
        send(&app, &asker, &id, "Toujours là ?").await.ok();
        assert_eq!(
            next_event(&mut asker_socket, SOON).await.expect("asker")["seq"],
            3
        );
        assert_eq!(next_event(&mut colleague_socket, QUIET).await, None);
        drop(colleague);
    }
);

both_backends!(
    a_message_sent_through_one_process_reaches_a_socket_held_by_another,
    |app: Arc<TestApp>| async move {
        // One process on SQLite; several share PostgreSQL.
        if app.db.backend() != app::db::Backend::Postgres {
            return;
        }
        let Talk { asker, id, .. } = talk(&app, "Bonjour").await;
        let marc = app.session_cookie("marc@exemple.org").await;

        let b = app.start_process().await;
        let mut socket = open_socket(&b.base, &marc, None)
            .await
            .expect("socket on B");
        // Sent through process A, heard on B.
        send(&app, &asker, &id, "Par A").await.ok();
        let event = next_event(&mut socket, SOON).await.expect("event on B");
        assert_eq!(event["conversation"], id.as_str());
        assert_eq!(event["seq"], 2);

        // B goes away; what is sent meanwhile, its browser catches up with from B's successor.
        drop(socket);
        drop(b);
        send(&app, &asker, &id, "Pendant la panne").await.ok();
        let b2 = app.start_process().await;
        let mut socket = open_socket(&b2.base, &marc, None)
            .await
            .expect("socket on B again");
        let client = reqwest::Client::new();
        let missed: Value = client
            .post(format!("{}/api/messages_since", b2.base))
            .header("cookie", &marc)
            .form(&[("conversation_id", id.as_str()), ("after", "2")])
            .send()
            .await
            .expect("catch up")
            .json()
            .await
            .expect("json");
        assert_eq!(
            bodies(&serde_json::json!({ "messages": missed })),
            ["Pendant la panne"]
        );
        // And it hears what comes next.
        send(&app, &asker, &id, "Après").await.ok();
        assert_eq!(
            next_event(&mut socket, SOON).await.expect("event")["seq"],
            4
        );
    }
);

both_backends!(sends_are_rate_limited_even_all_at_once, |app: Arc<
    TestApp,
>| async move {
    use app::inbox::api::SENDS_PER_MINUTE;
    let Talk {
        owner,
        owner_org,
        asker,
        asker_org,
        id,
        ..
    } = talk(&app, "0").await;
    // Ten more than the minute allows, at once: exactly the limit gets through.
    let tries = usize::try_from(SENDS_PER_MINUTE).expect("limit") + 10;
    let sends = (1..=tries).map(|n| {
        let (app, id, asker) = (app.clone(), id.clone(), asker.clone());
        async move { send(&app, &asker, &id, &n.to_string()).await }
    });
    let answers = futures_util::future::join_all(sends).await;
    let sent = answers.iter().filter(|a| a.status == 200).count();
    let refused: Vec<_> = answers.iter().filter(|a| a.status == 429).collect();
    assert_eq!(
        sent as i64,
        SENDS_PER_MINUTE - 1,
        "the first message counts too"
    );
    assert_eq!(refused.len(), tries - sent);
    for answer in refused {
        answer.error(429, "");
        assert_eq!(answer.body["retry_after_secs"], 60);
    }
    assert_eq!(app.count("messages").await, SENDS_PER_MINUTE);
    // Starting another conversation is a send too; the other side still writes freely.
    let other = freezer(&app, &owner, &owner_org).await;
    try_start(&app, &asker, &asker_org, &other, "Et celui-ci ?")
        .await
        .error(429, "");
    assert_eq!(app.count("conversations").await, 1);
    send(&app, &owner, &id, "Doucement !").await.ok();
});

both_backends!(
    a_blocked_organization_cannot_write,
    |app: Arc<TestApp>| async move {
        let Talk {
            owner,
            owner_org,
            asker,
            asker_org,
            id,
            ..
        } = talk(&app, "Bonjour").await;
        let (outsider, _) = app.admin_of("Moisson Laval", "eve@exemple.org").await;
        let colleague = add_member(&app, &owner, &owner_org, "Zoé", "zoe@exemple.org").await;
        let block = |client: &Client, blocked: &'static str| {
            let (app, client, id) = (app.clone(), client.clone(), id.clone());
            async move {
                app.call(
                    &client,
                    "set_block",
                    &[("conversation_id", &id), ("blocked", blocked)],
                )
                .await
            }
        };
        // Outsiders cannot tell the conversation exists; members who are not admins may not block.
        block(&outsider, "true").await.error(404, "");
        block(&colleague, "true").await.error(403, "");
        assert_eq!(app.count("organization_blocks").await, 0);
        assert_eq!(thread(&app, &colleague, &id).await["can_block"], false);
        assert_eq!(thread(&app, &owner, &id).await["can_block"], true);

        block(&owner, "true").await.ok();
        block(&owner, "true").await.ok();
        assert_eq!(app.count("organization_blocks").await, 1);
        assert_eq!(thread(&app, &owner, &id).await["block"], "by_us");
        assert_eq!(thread(&app, &asker, &id).await["block"], "by_them");
        // The blocked side writes nowhere to the owner: not here, not in a new conversation.
        send(&app, &asker, &id, "Allô ?")
            .await
            .error(409, "inbox.blocked_by_them");
        let other = freezer(&app, &owner, &owner_org).await;
        try_start(&app, &asker, &asker_org, &other, "Et celui-ci ?")
            .await
            .error(409, "inbox.blocked_by_them");
        // Nor does the side that blocked, while its block stands.
        send(&app, &colleague, &id, "Réponse")
            .await
            .error(409, "inbox.blocked_by_us");
        assert_eq!(app.count("messages").await, 1);
        assert_eq!(app.count("conversations").await, 1);
        // Reading still works for both.
        assert_eq!(bodies(&thread(&app, &asker, &id).await), ["Bonjour"]);

        block(&owner, "false").await.ok();
        assert_eq!(thread(&app, &asker, &id).await["block"], Value::Null);
        send(&app, &asker, &id, "Merci").await.ok();
    }
);

both_backends!(
    a_conversation_is_reported_to_the_platform_admins,
    |app: Arc<TestApp>| async move {
        let Talk {
            owner, asker, id, ..
        } = talk(&app, "Offre douteuse").await;
        let (outsider, _) = app.admin_of("Moisson Laval", "eve@exemple.org").await;
        let report = |client: &Client, reason: String| {
            let (app, client, id) = (app.clone(), client.clone(), id.clone());
            async move {
                app.call(
                    &client,
                    "report_conversation",
                    &[("conversation_id", &id), ("reason", &reason)],
                )
                .await
            }
        };
        report(&owner, "  ".into())
            .await
            .error(422, "error.report_empty");
        report(&owner, "a".repeat(1_001))
            .await
            .error(422, "error.report_too_long");
        report(&outsider, "Spam".into()).await.error(404, "");
        assert_eq!(app.count("conversation_reports").await, 0);
        assert_eq!(thread(&app, &owner, &id).await["reported_at"], Value::Null);

        report(&owner, "Demande de l’argent <b>vite</b>".into())
            .await
            .ok();
        // Once is enough while it is open.
        report(&owner, "Encore".into()).await.ok();
        assert_eq!(app.count("conversation_reports").await, 1);
        assert!(thread(&app, &owner, &id).await["reported_at"].is_number());
        // The other side is not told.
        assert_eq!(thread(&app, &asker, &id).await["reported_at"], Value::Null);

        // Only platform admins read reports.
        app.call(&owner, "admin_list_reports", &[])
            .await
            .error(403, "");
        let admin = app.platform_admin().await;
        let reports = app.call(&admin, "admin_list_reports", &[]).await;
        let reports = reports.ok().as_array().expect("reports").clone();
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!(r["reason"], "Demande de l’argent <b>vite</b>");
        assert_eq!(r["reporter_org"], "Entrepôt solidaire");
        assert_eq!(r["other_org"], "Cuisine collective");
        assert_eq!(r["reporter_name"], "Admin");
        assert_eq!(bodies(r), ["Offre douteuse"]);
        let report_id = r["id"].as_str().expect("id").to_owned();
        app.call(&owner, "resolve_report", &[("id", &report_id)])
            .await
            .error(403, "");
        app.call(&admin, "resolve_report", &[("id", &report_id)])
            .await
            .ok();
        app.call(&admin, "resolve_report", &[("id", &report_id)])
            .await
            .error(404, "");
        assert_eq!(
            app.call(&admin, "admin_list_reports", &[]).await.ok(),
            &serde_json::json!([])
        );
        // Handled, it may be reported again.
        assert_eq!(thread(&app, &owner, &id).await["reported_at"], Value::Null);
        report(&owner, "Ça recommence".into()).await.ok();
        assert_eq!(app.count("conversation_reports").await, 2);
    }
);

both_backends!(
    a_booking_event_reaches_its_open_thread_at_once,
    |app: Arc<TestApp>| async move {
        use crate::bookings::{asked, saturday, sides};
        let s = sides(&app, &[]).await;
        let id = asked(&app, &s, (&saturday(3), "08:00", "12:00")).await;
        let conversation: String =
            sqlx::query_scalar("SELECT id FROM conversations WHERE subject_id = $1")
                .bind(&id)
                .fetch_one(app.db.pool())
                .await
                .expect("the booking's thread");
        let sam = app.session_cookie("sam@exemple.org").await;
        let mut socket = open_socket(&app.base, &sam, None).await.expect("socket");
        app.call(
            &s.owner,
            "decide_booking",
            &[("id", &id), ("decision", "approve")],
        )
        .await
        .ok();
        let event = next_event(&mut socket, SOON).await.expect("event");
        assert_eq!(
            event,
            serde_json::json!({ "type": "message", "conversation": conversation, "seq": 2 })
        );
        let events = app
            .call(
                &s.asker,
                "messages_since",
                &[("conversation_id", &conversation), ("after", "1")],
            )
            .await;
        assert_eq!(events.ok()[0]["event"], "approved");
    }
);

/// Starts `partage serve` as its own operating-system process on the test's database.
async fn spawn_server(app: &TestApp) -> (std::process::Child, String) {
    crate::process::spawn_partage(
        env!("CARGO_BIN_EXE_partage"),
        &app.database_url,
        &app.data_dir,
    )
    .await
    .expect("partage serve")
}

both_backends!(a_message_acknowledged_survives_a_kill, |app: Arc<
    TestApp,
>| async move {
    let Talk { id, .. } = talk(&app, "Bonjour").await;
    let lea = app.session_cookie("lea@exemple.org").await;
    let (mut server, base) = spawn_server(&app).await;
    let client = reqwest::Client::new();
    let sent = client
        .post(format!("{base}/api/send_message"))
        .header("cookie", &lea)
        .form(&[
            ("conversation_id", id.as_str()),
            ("body", "Juste avant la panne"),
        ])
        .send()
        .await
        .expect("send");
    assert_eq!(sent.status(), 200);
    // SIGKILL the moment the answer arrived: no shutdown, no flush.
    server.kill().expect("kill -9");
    server.wait().expect("gone");
    let (mut again, base) = spawn_server(&app).await;
    let thread: Value = client
        .post(format!("{base}/api/get_thread"))
        .header("cookie", &lea)
        .form(&[("conversation_id", id.as_str())])
        .send()
        .await
        .expect("thread")
        .json()
        .await
        .expect("json");
    assert_eq!(bodies(&thread), ["Bonjour", "Juste avant la panne"]);
    again.kill().ok();
    again.wait().ok();
});

/// Sends `file` (name, bytes) in a conversation with `body`, as the composer's form does.
async fn attach(
    app: &TestApp,
    client: &Client,
    id: &str,
    body: &str,
    file: (&str, Vec<u8>),
) -> crate::helpers::Answer {
    let part = reqwest::multipart::Part::bytes(file.1)
        .file_name(file.0.to_owned())
        .mime_str("application/octet-stream")
        .expect("mime");
    let form = reqwest::multipart::Form::new()
        .text("conversation_id", id.to_owned())
        .text("body", body.to_owned())
        .part("file", part);
    let response = client
        .post(format!("{}/api/send_attachment", app.base))
        .multipart(form)
        .send()
        .await
        .expect("request");
    crate::helpers::Answer::from(response).await
}

/// The attachment files in the store (beside the photos).
fn stored_attachments(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.join("photos"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("pj-"))
                .count()
        })
        .unwrap_or(0)
}

both_backends!(
    files_are_checked_by_their_bytes_and_shown_to_the_two_sides_only,
    |app: Arc<TestApp>| async move {
        let Talk {
            owner, asker, id, ..
        } = talk(&app, "Bonjour").await;
        let (outsider, _) = app.admin_of("Moisson Laval", "eve@exemple.org").await;

        // A PDF, with words; its name kept (cleaned of its folders).
        let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
        let seq = attach(
            &app,
            &asker,
            &id,
            "Voici le menu",
            ("C:\\Menus\\Menu de la semaine.pdf", pdf.clone()),
        )
        .await;
        assert_eq!(seq.ok(), 2);
        // An image, alone; it becomes a JPEG whatever it was.
        attach(
            &app,
            &asker,
            &id,
            "",
            ("frigo.png", crate::photos::png(640, 480)),
        )
        .await
        .ok();
        let t = thread(&app, &owner, &id).await;
        let messages = t["messages"].as_array().expect("messages");
        let file = &messages[1]["attachment"];
        assert_eq!(messages[1]["body"], "Voici le menu");
        assert_eq!(file["kind"], "pdf");
        assert_eq!(file["name"], "Menu de la semaine.pdf");
        assert_eq!(file["size"], pdf.len());
        let image = &messages[2]["attachment"];
        assert_eq!(image["kind"], "image");
        assert_eq!(image["name"], "frigo.jpg");
        assert_eq!(
            (image["width"].as_u64(), image["height"].as_u64()),
            (Some(640), Some(480))
        );

        // The PDF downloads, for both sides only.
        let pdf_url = format!(
            "/pieces-jointes/pj-{}.pdf",
            file["id"].as_str().expect("id")
        );
        let got = app.get(&owner, &pdf_url).await;
        assert_eq!(got.status(), 200);
        let headers = got.headers().clone();
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let disposition = headers["content-disposition"].to_str().expect("ascii");
        assert!(
            disposition.starts_with("attachment; filename=\"Menu de la semaine.pdf\""),
            "{disposition}"
        );
        assert_eq!(got.bytes().await.expect("bytes").to_vec(), pdf);
        assert_eq!(app.get(&asker, &pdf_url).await.status(), 200);
        assert_eq!(app.get(&outsider, &pdf_url).await.status(), 404);
        assert_eq!(app.get(&app.client(), &pdf_url).await.status(), 404);
        let thumb = format!(
            "/pieces-jointes/pj-{}-vignette.jpg",
            image["id"].as_str().expect("id")
        );
        let got = app.get(&owner, &thumb).await;
        assert_eq!(got.status(), 200);
        assert_eq!(got.headers()["content-type"], "image/jpeg");
        assert_eq!(app.get(&outsider, &thumb).await.status(), 404);
        assert_eq!(
            app.get(&owner, "/pieces-jointes/..%2F..%2Fpartage.db")
                .await
                .status(),
            404
        );

        // Refused, and nothing kept: an executable renamed .pdf, a file of 20 MB, no file, an
        // outsider's send.
        let before = (app.count("messages").await, stored_attachments(&app));
        assert_eq!(before.1, 3, "the PDF, the image's two copies");
        let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
        elf.resize(4096, 0);
        attach(&app, &asker, &id, "", ("facture.pdf", elf))
            .await
            .error(422, "error.attachment_not_accepted");
        attach(
            &app,
            &asker,
            &id,
            "",
            ("page.pdf", b"<html><script>alert(1)</script>".to_vec()),
        )
        .await
        .error(422, "error.attachment_not_accepted");
        let mut huge = b"%PDF-1.4\n".to_vec();
        huge.resize(20 * 1024 * 1024, b' ');
        attach(&app, &asker, &id, "", ("gros.pdf", huge))
            .await
            .error(422, "error.attachment_too_large");
        attach(&app, &asker, &id, "", ("vide.pdf", Vec::new()))
            .await
            .error(422, "error.attachment_required");
        attach(&app, &outsider, &id, "", ("menu.pdf", pdf.clone()))
            .await
            .error(404, "");
        assert_eq!(
            (app.count("messages").await, stored_attachments(&app)),
            before
        );

        // Deleting the message takes its file away.
        let message_id = messages[1]["id"].as_str().expect("id").to_owned();
        app.call(&asker, "delete_message", &[("message_id", &message_id)])
            .await
            .ok();
        assert_eq!(app.get(&owner, &pdf_url).await.status(), 404);
        assert_eq!(stored_attachments(&app), before.1 - 1);
        let t = thread(&app, &owner, &id).await;
        assert_eq!(t["messages"][1]["attachment"], Value::Null);
    }
);
