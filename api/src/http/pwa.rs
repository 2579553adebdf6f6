//! The built PWA: real files first; `index.html` for navigations the app routes itself;
//! 404 for any other missing file (so `/robots.txt` or a stale asset is never HTML).
//! `index.html`, `sw.js` and the manifest are revalidated every time; hashed assets are
//! immutable.
use std::path::PathBuf;

use actix_files::NamedFile;
use actix_web::{
    HttpRequest, HttpResponse,
    http::{Method, header},
    web,
};

use crate::state::AppState;

fn safe_path(root: &std::path::Path, url_path: &str) -> Option<PathBuf> {
    let mut p = root.to_path_buf();
    for seg in url_path.split('/').filter(|s| !s.is_empty()) {
        let seg = percent_decode(seg)?;
        if seg.starts_with('.') || seg.contains('/') || seg.contains('\\') || seg.contains('\0') {
            return None;
        }
        p.push(seg);
    }
    Some(p)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn cache_control(url_path: &str) -> &'static str {
    if url_path.starts_with("/assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// A navigation: a GET for a page (not a file with an extension), asking for HTML.
fn is_navigation(req: &HttpRequest) -> bool {
    let last = req.path().rsplit('/').next().unwrap_or("");
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    req.method() == Method::GET && !last.contains('.') && wants_html
}

pub async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> actix_web::Result<HttpResponse> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(HttpResponse::MethodNotAllowed().finish());
    }
    let root = &state.settings.pwa_dir;
    let path = req.path().to_string();
    let Some(mut file) = safe_path(root, &path) else {
        return Ok(HttpResponse::NotFound().finish());
    };
    if file.is_dir() {
        file.push("index.html");
    }
    let (file, cache) = if file.is_file() {
        (file, cache_control(&path))
    } else if is_navigation(&req) {
        (root.join("index.html"), "no-cache")
    } else {
        return Ok(HttpResponse::NotFound().finish());
    };
    let named = match NamedFile::open_async(&file).await {
        Ok(f) => f,
        Err(_) => {
            return Ok(
                HttpResponse::NotFound().body("the PWA is not built: run `npm run build` in pwa/")
            );
        }
    };
    let mut res = named
        .use_etag(true)
        .use_last_modified(true)
        .into_response(&req);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache),
    );
    if file.file_name().is_some_and(|n| n == "sw.js") {
        res.headers_mut().insert(
            header::HeaderName::from_static("service-worker-allowed"),
            header::HeaderValue::from_static("/"),
        );
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_root() {
        let root = std::path::Path::new("/srv/pwa");
        assert!(safe_path(root, "/../etc/passwd").is_none());
        assert!(safe_path(root, "/%2e%2e/etc/passwd").is_none());
        assert!(safe_path(root, "/.env").is_none());
        assert_eq!(
            safe_path(root, "/assets/a.js").unwrap(),
            root.join("assets/a.js")
        );
    }

    #[test]
    fn hashed_assets_are_immutable_and_the_shell_is_revalidated() {
        assert!(cache_control("/assets/index-abc.js").contains("immutable"));
        assert_eq!(cache_control("/sw.js"), "no-cache");
        assert_eq!(cache_control("/index.html"), "no-cache");
    }
}
