//! Photos: up to nine per item through the GraphQL multipart request, checked by content,
//! bounded, and stripped of their metadata in every copy but the handling officers'.
use std::io::Cursor;

use gongzhi_tests::*;
use image::{DynamicImage, ImageFormat};
use serde_json::{Value, json};

/// A real JPEG carrying EXIF: capture time and a GPS position in Changning.
fn jpeg_with_exif() -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value as X};
    let mut out = Cursor::new(Vec::new());
    DynamicImage::new_rgb8(640, 480)
        .write_to(&mut out, ImageFormat::Jpeg)
        .unwrap();
    let jpeg = out.into_inner();
    let r = |n: u32| Rational { num: n, denom: 1 };
    let fields = [
        Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: X::Ascii(vec![b"2026:11:20 10:30:00".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: X::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: X::Rational(vec![r(31), r(13), r(12)]),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: X::Ascii(vec![b"E".to_vec()]),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: X::Rational(vec![r(121), r(25), r(24)]),
        },
    ];
    let mut w = exif::experimental::Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut tiff = Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1];
    with.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    with.extend_from_slice(&app1);
    with.extend_from_slice(&jpeg[2..]);
    with
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::new_rgb8(w, h)
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// CRC-32 (IEEE), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A valid PNG whose header claims `w`×`h`, as a decompression bomb would.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(4, 4);
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    // IHDR's CRC covers its type and data: bytes 12..29, stored at 29..33.
    let c = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&c.to_be_bytes());
    bytes
}

const FILE: &str = "mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { item { id photos { id width height thumbnailUrl url originalUrl capturedAt latitude longitude } } userErrors { field code message } } }";

/// Files a complaint with `photos` as a GraphQL multipart request.
async fn file_with_photos(
    app: &TestApp,
    token: &str,
    key: &str,
    photos: Vec<(&str, Vec<u8>)>,
) -> (u16, Value) {
    let n = photos.len();
    let operations = json!({"query": FILE, "variables": {"i": {"idempotencyKey": key, "description": "阳台违章搭建，附照片", "photos": vec![Value::Null; n]}}});
    let map: serde_json::Map<String, Value> = (0..n)
        .map(|i| (i.to_string(), json!([format!("variables.i.photos.{i}")])))
        .collect();
    let mut form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", Value::Object(map).to_string());
    for (i, (name, bytes)) in photos.into_iter().enumerate() {
        form = form.part(
            i.to_string(),
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    }
    let a = app.gql_multipart(token, form).await;
    (a.status, a.body)
}

async fn fetch(app: &TestApp, url: &str) -> (u16, Vec<u8>) {
    let r = app
        .client
        .get(format!("{}{url}", app.addr))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

both!(
    photos_are_kept_for_officers_as_taken_and_shown_to_others_without_metadata,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let (status, body) = file_with_photos(
            &app,
            &resident,
            "ph-1",
            vec![
                ("balcony.jpg", jpeg_with_exif()),
                ("wide.png", png(2400, 1200)),
            ],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let it = &body["data"]["fileComplaint"]["item"];
        assert_eq!(body["data"]["fileComplaint"]["userErrors"], json!([]));
        let photos = it["photos"].as_array().unwrap().clone();
        assert_eq!(photos.len(), 2);
        assert_eq!(
            (photos[1]["width"].as_i64(), photos[1]["height"].as_i64()),
            (Some(2400), Some(1200))
        );
        // The filer sees copies, never the original or the evidence fields.
        assert!(photos[0]["originalUrl"].is_null());
        assert!(photos[0]["latitude"].is_null() && photos[0]["capturedAt"].is_null());
        let (s, thumb) = fetch(&app, photos[0]["thumbnailUrl"].as_str().unwrap()).await;
        assert_eq!(s, 200);
        assert!(
            thumb.starts_with(&[0xFF, 0xD8]) && !has_exif(&thumb),
            "the thumbnail carries no EXIF"
        );
        let (s, display) = fetch(&app, photos[0]["url"].as_str().unwrap()).await;
        assert_eq!(s, 200);
        assert!(!has_exif(&display));
        // Served as what they are, never sniffed into something else.
        let served = app
            .client
            .get(format!(
                "{}{}",
                app.addr,
                photos[1]["url"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap();
        let header = |n: &str| {
            served
                .headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        assert_eq!(header("content-type").as_deref(), Some("image/jpeg"));
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
        // Stored under names the server made: nothing of the filer's file names is kept.
        let stored = walk(&app.state.settings.data_dir.join("photos"));
        assert!(!stored.is_empty());
        for path in &stored {
            let p = path.to_string_lossy();
            assert!(
                !p.contains("balcony") && !p.contains("wide"),
                "a stored name comes from the upload: {p}"
            );
        }

        // The handling officer gets the original, metadata and all, and the evidence.
        let officer = app.login("officer").await;
        let id = it["id"].as_str().unwrap();
        let seen = app
        .gql(Some(&officer), "query($id: ID!) { item(id: $id) { photos { originalUrl capturedAt latitude longitude } } }", json!({"id": id}))
        .await;
        let p0 = seen.ok()["item"]["photos"][0].clone();
        assert!(
            (p0["latitude"].as_f64().unwrap() - 31.22).abs() < 0.01,
            "{p0}"
        );
        assert!(
            (p0["longitude"].as_f64().unwrap() - 121.4233).abs() < 0.01,
            "{p0}"
        );
        assert_eq!(p0["capturedAt"], "2026-11-20T02:30:00+00:00");
        let (s, original) = fetch(&app, p0["originalUrl"].as_str().unwrap()).await;
        assert_eq!(s, 200);
        assert!(has_exif(&original));

        // A property firm sees the copies but not the original.
        let firm = app.login("property").await;
        let f = app
            .gql(
                Some(&firm),
                "query($id: ID!) { item(id: $id) { photos { url originalUrl latitude } } }",
                json!({"id": id}),
            )
            .await;
        assert!(f.ok()["item"]["photos"][0]["url"].is_string());
        assert!(f.ok()["item"]["photos"][0]["originalUrl"].is_null());
        // A URL whose signature was tampered with opens nothing; a thumbnail URL does not open the original.
        let url = photos[0]["thumbnailUrl"].as_str().unwrap();
        let (s, _) = fetch(&app, &url.replace("sig=", "sig=x")).await;
        assert_eq!(s, 403);
        let (s, _) = fetch(&app, &url.replace("/thumb?", "/original?")).await;
        assert_eq!(s, 403);
    }
);

both!(
    bad_photos_are_refused_naming_the_photo_and_nothing_is_stored,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let bomb = png_claiming(30_000, 30_000);
        let cases = [
            (
                vec![("evidence.jpg", b"this is a text file, not a photo".to_vec())],
                "PHOTO_NOT_AN_IMAGE",
                "0",
            ),
            (
                vec![("ok.png", png(10, 10)), ("bomb.png", bomb)],
                "PHOTO_TOO_MANY_PIXELS",
                "1",
            ),
            (
                // An executable renamed to look like a photo: judged by its bytes.
                vec![("photo.jpg", elf_executable())],
                "PHOTO_NOT_AN_IMAGE",
                "0",
            ),
        ];
        for (i, (photos, code, index)) in cases.into_iter().enumerate() {
            let (status, body) =
                file_with_photos(&app, &resident, &format!("bad-{i}"), photos).await;
            assert_eq!(status, 200);
            let e = &body["data"]["fileComplaint"]["userErrors"][0];
            assert_eq!(e["code"], code, "{body}");
            assert_eq!(e["field"], json!(["input", "photos", index]));
        }
        // 50 MB: refused while it streams in, with a message that says what the limit is.
        let (status, body) = file_with_photos(
            &app,
            &resident,
            "bad-big",
            vec![("huge.jpg", vec![0xFF; 50 * 1024 * 1024])],
        )
        .await;
        assert_eq!(status, 413, "{body}");
        assert_eq!(
            body["errors"][0]["message"],
            "上传内容过大：每张照片不超过10MB，最多9张。"
        );
        // Nobody uploads without an account: refused before the body is read.
        let form = reqwest::multipart::Form::new()
        .text("operations", json!({"query": FILE, "variables": {"i": {"idempotencyKey": "anon", "description": "x", "photos": [null]}}}).to_string())
        .text("map", json!({"0": ["variables.i.photos.0"]}).to_string())
        .part("0", reqwest::multipart::Part::bytes(png(10, 10)).file_name("a.png"));
        let anon = app
            .client
            .post(format!("{}/graphql", app.addr))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(anon.status(), 401);
        assert_eq!(app.count("item").await, 0);
        assert_eq!(app.count("photo").await, 0);
        let stored: Vec<_> = walk(&app.state.settings.data_dir.join("photos"));
        assert!(stored.is_empty(), "objects left behind: {stored:?}");
    }
);

/// The start of a Linux executable (an ELF header), padded like a small program.
fn elf_executable() -> Vec<u8> {
    let mut b = vec![0x7F, b'E', b'L', b'F', 2, 1, 1, 0];
    b.resize(4096, 0);
    b
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

both!(
    a_retried_filing_with_photos_stores_them_once,
    |db| async move {
        let app = spawn_app(db).await;
        let resident = app.login("resident").await;
        let photos = || vec![("a.png", png(50, 50)), ("b.png", png(60, 40))];
        let (_, first) = file_with_photos(&app, &resident, "retry-1", photos()).await;
        let (_, second) = file_with_photos(&app, &resident, "retry-1", photos()).await;
        assert_eq!(
            first["data"]["fileComplaint"]["item"]["id"],
            second["data"]["fileComplaint"]["item"]["id"]
        );
        assert_eq!(app.count("photo").await, 2);
        // Other photos under the same key: a conflict.
        let (_, other) =
            file_with_photos(&app, &resident, "retry-1", vec![("c.png", png(70, 70))]).await;
        assert_eq!(other["errors"][0]["extensions"]["code"], "CONFLICT");
        assert_eq!(app.count("photo").await, 2);
    }
);
