//! Photos of resources: upload, resizing, order, alt text, removal; who may do it; and bad
//! files (too big, not an image, no alt text), which change nothing.

use std::{io::Cursor, sync::Arc};

use reqwest::Client;
use serde_json::Value;

use crate::{both_backends, helpers::TestApp};

/// A picture of `width`×`height` in `format`, with some detail so it compresses like a photo.
fn picture(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            u8::try_from(x % 251).unwrap_or(0),
            u8::try_from(y % 241).unwrap_or(0),
            u8::try_from((x + y) % 239).unwrap_or(0),
        ])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut Cursor::new(&mut out), format)
        .expect("encode test picture");
    out
}

pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    picture(width, height, image::ImageFormat::Png)
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    picture(width, height, image::ImageFormat::Jpeg)
}

async fn new_freezer(app: &TestApp, admin: &Client, org: &str, publish: bool) -> String {
    let mut form = vec![
        ("org_id", org),
        ("input[category]", "freezer"),
        ("input[title]", "Congélateur coffre 500 L"),
        ("input[region]", "13"),
        ("input[price_unit]", "free"),
    ];
    if publish {
        form.push(("publish", "on"));
    }
    let answer = app.call(admin, "create_resource", &form).await;
    answer.ok().as_str().expect("id").to_owned()
}

/// Uploads a photo that must be taken, and returns its id.
async fn add_photo(
    app: &TestApp,
    admin: &Client,
    resource_id: &str,
    alt: Option<&str>,
    file: Option<(&str, &str, Vec<u8>)>,
) -> String {
    let answer = app.upload_photo(admin, resource_id, alt, file).await;
    answer.ok()["id"].as_str().expect("id").to_owned()
}

async fn photos_of(app: &TestApp, client: &Client, id: &str) -> Vec<Value> {
    app.call(client, "get_resource", &[("id", id)]).await.ok()["resource"]["photos"]
        .as_array()
        .expect("photos")
        .clone()
}

fn ids(photos: &[Value]) -> Vec<String> {
    photos
        .iter()
        .map(|p| p["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The files in the app's photo folder.
fn stored_files(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(app.data_dir.join("photos"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::get(format!("{}{path}", app.base))
        .await
        .expect("request")
}

both_backends!(
    photos_are_resized_ordered_described_and_removed,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let id = new_freezer(&app, &admin, &org, true).await;

        // A big PNG becomes a 1600×1200 JPEG and a 480×360 thumbnail.
        let first = app
            .upload_photo(
                &admin,
                &id,
                Some("  Congélateur coffre ouvert  "),
                Some(("congelateur.png", "image/png", png(2000, 1500))),
            )
            .await;
        let first = first.ok().clone();
        assert_eq!(first["alt"], "Congélateur coffre ouvert");
        assert_eq!(
            (first["width"].as_u64(), first["height"].as_u64()),
            (Some(1600), Some(1200))
        );
        let first_id = first["id"].as_str().expect("id").to_owned();

        let large = fetch(&app, &format!("/photos/{first_id}-grande.jpg")).await;
        assert_eq!(large.status(), 200);
        assert_eq!(large.headers()["content-type"], "image/jpeg");
        assert!(
            large.headers()["cache-control"]
                .to_str()
                .is_ok_and(|c| c.contains("immutable"))
        );
        let large = image::load_from_memory(&large.bytes().await.expect("bytes")).expect("decodes");
        assert_eq!((large.width(), large.height()), (1600, 1200));
        let thumb = fetch(&app, &format!("/photos/{first_id}-vignette.jpg")).await;
        let thumb = image::load_from_memory(&thumb.bytes().await.expect("bytes")).expect("decodes");
        assert_eq!((thumb.width(), thumb.height()), (480, 360));
        assert_eq!(stored_files(&app).len(), 2);

        // A small JPEG keeps its size; photos come in upload order; visitors see them, and the
        // catalogue card shows the first as its cover.
        let second = app
            .upload_photo(
                &admin,
                &id,
                Some("Étiquettes des bacs"),
                Some(("bacs.jpg", "image/jpeg", jpeg(800, 600))),
            )
            .await;
        let second_id = second.ok()["id"].as_str().expect("id").to_owned();
        assert_eq!(second.ok()["width"], 800);
        let visitor = app.client();
        assert_eq!(
            ids(&photos_of(&app, &visitor, &id).await),
            [first_id.clone(), second_id.clone()]
        );
        let cover = |app: Arc<TestApp>, visitor: Client| async move {
            let found = app
                .call(&visitor, "search_resources", &[("query[q]", "congelateur")])
                .await;
            found.ok()["items"][0]["cover"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(cover(app.clone(), visitor.clone()).await, first_id);

        // The second becomes the cover.
        app.call(&admin, "make_photo_cover", &[("id", &second_id)])
            .await
            .ok();
        assert_eq!(
            ids(&photos_of(&app, &visitor, &id).await),
            [second_id.clone(), first_id.clone()]
        );
        assert_eq!(cover(app.clone(), visitor.clone()).await, second_id);

        // Alt text can be rewritten, never emptied.
        app.call(
            &admin,
            "set_photo_alt",
            &[
                ("id", &first_id),
                ("alt", "Congélateur coffre, couvercle levé"),
            ],
        )
        .await
        .ok();
        let blank = app
            .call(
                &admin,
                "set_photo_alt",
                &[("id", &first_id), ("alt", "   ")],
            )
            .await;
        assert_eq!(blank.error(422, "photo.alt_required")["field"], "alt");
        assert_eq!(
            photos_of(&app, &visitor, &id).await[1]["alt"],
            "Congélateur coffre, couvercle levé"
        );

        // A duplicated resource gets its own copies.
        let copy = app.call(&admin, "duplicate_resource", &[("id", &id)]).await;
        let copy = copy.ok().as_str().expect("id").to_owned();
        let copied = photos_of(&app, &admin, &copy).await;
        assert_eq!(copied.len(), 2);
        assert!(
            ids(&copied)
                .iter()
                .all(|c| *c != first_id && *c != second_id)
        );
        assert_eq!(copied[0]["alt"], "Étiquettes des bacs");
        assert_eq!(stored_files(&app).len(), 8);

        // Removing a photo removes its files; its address answers 404.
        app.call(&admin, "delete_photo", &[("id", &first_id)])
            .await
            .ok();
        assert_eq!(ids(&photos_of(&app, &visitor, &id).await), [second_id]);
        assert_eq!(stored_files(&app).len(), 6);
        assert!(!stored_files(&app).iter().any(|f| f.starts_with(&first_id)));
        assert_eq!(
            fetch(&app, &format!("/photos/{first_id}-grande.jpg"))
                .await
                .status(),
            404
        );
        // The copy's photos stay.
        assert_eq!(photos_of(&app, &admin, &copy).await.len(), 2);

        // Made-up or malformed addresses are 404, never a file outside the folder.
        for path in [
            "/photos/00000000-0000-7000-8000-000000000000-grande.jpg",
            "/photos/..%2F..%2Fpartage.db",
            "/photos/x-grande.jpg",
        ] {
            assert_eq!(fetch(&app, path).await.status(), 404, "{path}");
        }
    }
);

both_backends!(bad_photos_are_refused_and_change_nothing, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let id = new_freezer(&app, &admin, &org, true).await;
    let alt = Some("Congélateur");

    // 20 MB: refused with a clear message (French by default, English when asked).
    let mut huge = jpeg(400, 300);
    huge.resize(20 * 1024 * 1024, 0);
    let refused = app
        .upload_photo(
            &admin,
            &id,
            alt,
            Some(("grosse.jpg", "image/jpeg", huge.clone())),
        )
        .await;
    let body = refused.error(422, "photo.too_large");
    assert_eq!(body["field"], "photo");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("10 Mo")
    );

    // Text named .jpg, a JPEG header over garbage, a GIF: not images we take.
    let not_images: [(&str, Vec<u8>); 3] = [
        (
            "photo.jpg",
            b"<html><script>alert(1)</script></html>".to_vec(),
        ),
        ("tronquee.jpg", {
            let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
            fake.extend(std::iter::repeat_n(0x42, 4096));
            fake
        }),
        ("anim.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec()),
    ];
    for (name, bytes) in not_images {
        app.upload_photo(&admin, &id, alt, Some((name, "image/jpeg", bytes)))
            .await
            .error(422, "photo.not_image");
    }
    // Too small to show, no alt text, alt text too long, no file, not multipart at all.
    app.upload_photo(
        &admin,
        &id,
        alt,
        Some(("mini.png", "image/png", png(120, 90))),
    )
    .await
    .error(422, "photo.too_small");
    let no_alt = app
        .upload_photo(
            &admin,
            &id,
            Some("  "),
            Some(("a.png", "image/png", png(400, 300))),
        )
        .await;
    assert_eq!(no_alt.error(422, "photo.alt_required")["field"], "alt");
    let long = "é".repeat(300);
    app.upload_photo(
        &admin,
        &id,
        Some(&long),
        Some(("a.png", "image/png", png(400, 300))),
    )
    .await
    .error(422, "photo.alt_too_long");
    app.upload_photo(&admin, &id, alt, None)
        .await
        .error(422, "photo.required");
    app.call(
        &admin,
        "upload_photo",
        &[("resource_id", &id), ("alt", "x")],
    )
    .await
    .error(422, "photo.required");

    let english = admin
        .post(format!("{}/api/upload_photo", app.base))
        .header("accept-language", "en-CA,en;q=0.9")
        .multipart(
            reqwest::multipart::Form::new()
                .text("resource_id", id.clone())
                .text("alt", "Freezer")
                .part(
                    "photo",
                    reqwest::multipart::Part::bytes(b"not a picture".to_vec()).file_name("x.jpg"),
                ),
        )
        .send()
        .await
        .expect("request");
    let english = crate::helpers::Answer::from(english).await;
    assert!(
        english.error(422, "photo.not_image")["message"]
            .as_str()
            .is_some_and(|m| m.contains("isn’t a readable image"))
    );

    assert_eq!(app.count("resource_photos").await, 0);
    assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));
});

both_backends!(
    only_the_owners_admins_manage_photos,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let id = new_freezer(&app, &admin, &org, false).await;
        let photo_id = add_photo(
            &app,
            &admin,
            &id,
            Some("Brouillon"),
            Some(("a.png", "image/png", png(400, 300))),
        )
        .await;
        let file = || Some(("a.png", "image/png", png(400, 300)));

        // Visitors: 401 for every photo action; the draft's page stays hidden.
        let visitor = app.client();
        app.upload_photo(&visitor, &id, Some("x"), file())
            .await
            .error(401, "");
        for (endpoint, form) in [
            ("delete_photo", vec![("id", photo_id.as_str())]),
            ("make_photo_cover", vec![("id", photo_id.as_str())]),
            (
                "set_photo_alt",
                vec![("id", photo_id.as_str()), ("alt", "x")],
            ),
        ] {
            app.call(&visitor, endpoint, &form).await.error(401, "");
        }
        app.call(&visitor, "get_resource", &[("id", &id)])
            .await
            .error(404, "");

        // Another organization's admin: 403.
        let (other, _) = app.admin_of("Cuisine du quartier", "lea@exemple.org").await;
        app.upload_photo(&other, &id, Some("x"), file())
            .await
            .error(403, "");
        app.call(&other, "delete_photo", &[("id", &photo_id)])
            .await
            .error(403, "");
        app.call(&other, "set_photo_alt", &[("id", &photo_id), ("alt", "x")])
            .await
            .error(403, "");

        // Unknown resource or photo: 404.
        app.upload_photo(&other, "no-such-resource", Some("x"), file())
            .await
            .error(404, "");
        app.call(&other, "delete_photo", &[("id", "no-such-photo")])
            .await
            .error(404, "");

        assert_eq!(app.count("resource_photos").await, 1);
        assert_eq!(photos_of(&app, &admin, &id).await[0]["alt"], "Brouillon");
        assert_eq!(stored_files(&app).len(), 2);
    }
);

both_backends!(simultaneous_uploads_never_pass_the_limit, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let id = new_freezer(&app, &admin, &org, true).await;
    let mut uploads = tokio::task::JoinSet::new();
    for n in 0..11 {
        let (app, admin, id) = (app.clone(), admin.clone(), id.clone());
        uploads.spawn(async move {
            let alt = format!("Photo {n}");
            let answer = app
                .upload_photo(
                    &admin,
                    &id,
                    Some(&alt),
                    Some(("p.jpg", "image/jpeg", jpeg(320, 240))),
                )
                .await;
            answer.status.as_u16()
        });
    }
    let mut statuses = uploads.join_all().await;
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 200, 200, 200, 200, 409, 409, 409]
    );
    assert_eq!(app.count("resource_photos").await, 8);
    let places: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT position FROM resource_photos ORDER BY position")
            .fetch_all(app.db.pool())
            .await
            .expect("positions");
    assert_eq!(places.len(), 8, "every photo has its own place");
    // Refused uploads leave no files behind.
    assert_eq!(stored_files(&app).len(), 16);
});

/// A PNG of 12,000 × 12,000 transparent black pixels: about half a megabyte of file, 576 MB
/// once decoded. Written a row at a time, so making it costs the test no memory.
fn decompression_bomb() -> Vec<u8> {
    use std::io::Write;
    let side = 12_000;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    let mut stream = writer.stream_writer().expect("png stream");
    let row = vec![0_u8; side as usize * 4];
    for _ in 0..side {
        stream.write_all(&row).expect("png row");
    }
    stream.finish().expect("png end");
    writer.finish().expect("png end");
    out
}

/// The most memory this process has held at once, in bytes (the test server runs in it).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM")
        * 1024
}

both_backends!(
    decompression_bombs_are_refused_before_decoding,
    |app: Arc<TestApp>| async move {
        let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
        let id = new_freezer(&app, &admin, &org, true).await;
        let bomb = decompression_bomb();
        assert!(
            bomb.len() < 1024 * 1024,
            "the bomb is small: {} bytes",
            bomb.len()
        );
        let before = peak_memory();
        let uploads = (0..4).map(|i| {
            let (app, admin, id, bomb) = (app.clone(), admin.clone(), id.clone(), bomb.clone());
            async move {
                let name = format!("bombe-{i}.png");
                app.upload_photo(
                    &admin,
                    &id,
                    Some("Une image"),
                    Some((&name, "image/png", bomb)),
                )
                .await
            }
        });
        for answer in futures_util::future::join_all(uploads).await {
            let error = answer.error(422, "photo.too_many_pixels");
            assert!(
                error["message"].as_str().unwrap_or_default().contains("40"),
                "a translated message that says the limit: {error}"
            );
        }
        let grown = peak_memory().saturating_sub(before);
        assert!(
            grown < 200 * 1024 * 1024,
            "four bombs at once raised the peak memory by {} MB",
            grown / 1024 / 1024
        );
        assert!(photos_of(&app, &admin, &id).await.is_empty());
        assert!(stored_files(&app).is_empty());
    }
);

both_backends!(a_drafts_photos_are_for_its_owners_only, |app: Arc<
    TestApp,
>| async move {
    let (admin, org) = app.admin_of("Entrepôt solidaire", "marc@exemple.org").await;
    let draft = new_freezer(&app, &admin, &org, false).await;
    let photo_id = add_photo(
        &app,
        &admin,
        &draft,
        Some("Congélateur"),
        Some(("a.jpg", "image/jpeg", jpeg(800, 600))),
    )
    .await;
    let path = format!("/photos/{photo_id}-grande.jpg");
    // Anyone with the address: nothing.
    assert_eq!(fetch(&app, &path).await.status().as_u16(), 404);
    let stranger = app.sign_up("Curieux", "curieux@exemple.org").await;
    let seen = app.get(&stranger, &path).await;
    assert_eq!(seen.status().as_u16(), 404);
    // The owner's members see it, and no shared cache keeps it.
    let own = app.get(&admin, &path).await;
    assert_eq!(own.status().as_u16(), 200);
    assert_eq!(own.headers()["cache-control"], "private, no-store");
    // Published: public.
    app.set_resource_status(&admin, &draft, "published").await;
    let public = fetch(&app, &path).await;
    assert_eq!(public.status().as_u16(), 200);
    assert!(
        public.headers()["cache-control"]
            .to_str()
            .unwrap_or_default()
            .contains("public")
    );
});
