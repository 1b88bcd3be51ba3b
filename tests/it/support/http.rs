//! A static file server for the browser tests: the built site under a sub-path, as a webmaster
//! would publish it.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;

/// `%E5%B9%B4` → `年` (invalid escapes kept as they are).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serves `dir` under `/sub/path/` on a free local port, one thread per connection. Unknown paths
/// get 404, so a broken link shows up as a failed request.
pub fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let line = String::from_utf8_lossy(&req)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let path = percent_decode(path.split(['?', '#']).next().unwrap_or(""));
                let file = path
                    .strip_prefix("/sub/path/")
                    .filter(|r| !r.split('/').any(|c| c == ".."))
                    .map(|r| {
                        dir.join(if r.is_empty() || r.ends_with('/') {
                            format!("{r}index.html")
                        } else {
                            r.to_string()
                        })
                    });
                let (status, body, ctype) =
                    match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
                        Some((f, b)) => {
                            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
                            let ctype = match ext {
                                "html" => "text/html; charset=utf-8",
                                "css" => "text/css; charset=utf-8",
                                "js" => "text/javascript; charset=utf-8",
                                "json" => "application/json",
                                "svg" => "image/svg+xml",
                                "pdf" => "application/pdf",
                                "png" => "image/png",
                                _ => "application/octet-stream",
                            };
                            ("200 OK", b, ctype)
                        }
                        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                    };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://127.0.0.1:{port}/sub/path/")
}
