//! A small W3C WebDriver client for tests/browser.rs: HTTP/1.1 over a
//! `TcpStream` (one connection per command, `Connection: close`), JSON by
//! serde_json. It starts `chromedriver` on a free loopback port and drives
//! headless Chromium through it; the session is deleted and chromedriver
//! (with its process group: the browser it started) killed on drop, also
//! when the test panics.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C key of a web element reference.
pub const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Key codes of the WebDriver keyboard (W3C WebDriver, "Keyboard actions").
pub const ENTER: &str = "\u{E007}";
pub const TAB: &str = "\u{E004}";

/// The first of `names` found on PATH.
pub fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in names {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A WebDriver error: the HTTP status and the W3C `error` and `message`
/// (or, for a transport failure, status 0 and what went wrong).
#[derive(Debug)]
pub struct WdError {
    pub status: u16,
    pub error: String,
    pub message: String,
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first = self.message.lines().next().unwrap_or("");
        write!(f, "HTTP {}: {}: {first}", self.status, self.error)
    }
}

fn transport(what: String) -> WdError {
    WdError {
        status: 0,
        error: "transport".into(),
        message: what,
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`; the status and the JSON body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<(u16, Value), WdError> {
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| transport(format!("connect to 127.0.0.1:{port}: {e}")))?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    let payload = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\nConnection: close\r\n"
    );
    if body.is_some() {
        req.push_str("Content-Type: application/json; charset=utf-8\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", payload.len()));
    req.push_str(&payload);
    s.write_all(req.as_bytes())
        .map_err(|e| transport(format!("{method} {path}: write: {e}")))?;
    // chromedriver keeps the connection open in spite of `Connection:
    // close`, so the response ends where its Content-Length (or its last
    // chunk) says, not at end of file.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let mut fill = |raw: &mut Vec<u8>| -> Result<bool, WdError> {
        let n = s
            .read(&mut buf)
            .map_err(|e| transport(format!("{method} {path}: read: {e}")))?;
        raw.extend_from_slice(&buf[..n]);
        Ok(n > 0)
    };
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        if !fill(&mut raw)? {
            return Err(transport(format!("{method} {path}: no end of headers")));
        }
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| transport(format!("{method} {path}: bad status line in {head:?}")))?;
    let mut chunked = false;
    let mut length = None;
    for l in lines {
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
        if k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked") {
            chunked = true;
        } else if k == "content-length" {
            length = v.parse::<usize>().ok();
        }
    }
    let start = split + 4;
    let mut body = Vec::new();
    if chunked {
        let mut at = start;
        loop {
            let eol = loop {
                if let Some(p) = raw[at..].windows(2).position(|w| w == b"\r\n") {
                    break at + p;
                }
                if !fill(&mut raw)? {
                    return Err(transport(format!("{method} {path}: truncated chunk")));
                }
            };
            let line = String::from_utf8_lossy(&raw[at..eol]).to_string();
            let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| transport(format!("{method} {path}: bad chunk size {line:?}")))?;
            if size == 0 {
                break;
            }
            while raw.len() < eol + 2 + size + 2 {
                if !fill(&mut raw)? {
                    return Err(transport(format!("{method} {path}: truncated chunk")));
                }
            }
            body.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
            at = eol + 2 + size + 2;
        }
    } else if let Some(n) = length {
        while raw.len() < start + n {
            if !fill(&mut raw)? {
                return Err(transport(format!("{method} {path}: body cut short")));
            }
        }
        body.extend_from_slice(&raw[start..start + n]);
    } else {
        while fill(&mut raw)? {}
        body.extend_from_slice(&raw[start..]);
    }
    let value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            transport(format!(
                "{method} {path}: HTTP {status}, body is not JSON ({e}): {}",
                String::from_utf8_lossy(&body)
            ))
        })?
    };
    Ok((status, value))
}

/// A WebDriver command: its `value`, or the W3C error.
fn command(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<Value, WdError> {
    let (status, mut v) = http(port, method, path, body, timeout)?;
    let value = v.get_mut("value").map(Value::take).unwrap_or(Value::Null);
    if status == 200 {
        return Ok(value);
    }
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    Err(WdError {
        status,
        error: text("error"),
        message: text("message"),
    })
}

/// A free loopback port: bind port 0 and let it go again.
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().unwrap().port()
}

/// A running chromedriver, killed (with its process group) on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    /// Starts `exe --port=<free port>` and waits (up to 20 s) until its
    /// /status says ready. A port taken in between is retried.
    pub fn start(exe: &Path) -> Result<Driver, String> {
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let mut cmd = Command::new(exe);
            cmd.arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            // Its own process group, so that drop ends the browser too.
            std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
            let child = cmd
                .spawn()
                .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
            let mut d = Driver { child, port };
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Ok(Some(st)) = d.child.try_wait() {
                    last = format!("{} --port={port} exited: {st}", exe.display());
                    break;
                }
                match command(port, "GET", "/status", None, Duration::from_secs(5)) {
                    Ok(v) if v["ready"] == json!(true) => return Ok(d),
                    Ok(v) => last = format!("/status not ready: {v}"),
                    Err(e) => last = e.to_string(),
                }
                if Instant::now() > deadline {
                    return Err(format!("chromedriver not ready after 20 s: {last}"));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Err(last)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group (chromedriver and any browser it left behind),
        // by its id; then chromedriver itself in case the group call failed.
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A web element reference.
#[derive(Clone, Debug)]
pub struct Element(pub String);

impl Element {
    /// The element as a script argument.
    pub fn arg(&self) -> Value {
        json!({ ELEMENT: self.0 })
    }
}

fn elements(v: Value) -> Vec<Element> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e[ELEMENT].as_str().map(|s| Element(s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// A browser session on its own chromedriver; deleted (browser closed) and
/// chromedriver killed on drop.
pub struct Session {
    pub id: String,
    port: u16,
    // Dropped after Session::drop has deleted the session.
    _driver: Driver,
}

/// The Chromium arguments of every session.
pub const CHROME_ARGS: [&str; 7] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--window-size=1400,1000",
];

const TIMEOUT: Duration = Duration::from_secs(60);

impl Session {
    /// A new headless session with browser console logging on.
    pub fn start(chromedriver: &Path, chromium: &Path) -> Result<Session, String> {
        let driver = Driver::start(chromedriver)?;
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium.to_string_lossy(),
                        "args": CHROME_ARGS,
                    },
                    "goog:loggingPrefs": { "browser": "ALL" },
                }
            }
        });
        let v = command(driver.port, "POST", "/session", Some(&caps), TIMEOUT)
            .map_err(|e| format!("new session: {e}"))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("new session: no sessionId in {v}"))?
            .to_string();
        Ok(Session {
            id,
            port: driver.port,
            _driver: driver,
        })
    }

    /// A command on this session (`path` after /session/{id}), as a Result.
    pub fn try_call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WdError> {
        let full = format!("/session/{}{path}", self.id);
        let body = match (method, body) {
            ("POST", None) => Some(json!({})),
            (_, b) => b,
        };
        command(self.port, method, &full, body.as_ref(), TIMEOUT)
    }

    /// A command on this session; panics with the WebDriver error.
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    pub fn exec(&self, script: &str, args: &[Value]) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        elements(self.call(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        ))
    }

    pub fn find_all_in(&self, parent: &Element, css: &str) -> Vec<Element> {
        elements(self.call(
            "POST",
            &format!("/element/{}/elements", parent.0),
            Some(json!({ "using": "css selector", "value": css })),
        ))
    }

    /// Scrolls the element to the middle of the viewport (a script: the
    /// W3C click scrolls only as far as it must).
    pub fn scroll_into_view(&self, e: &Element) {
        self.exec(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
            &[e.arg()],
        );
    }

    /// The W3C element click: the browser's own pointer events at the
    /// element's centre, refused when another element is on top there.
    pub fn click(&self, e: &Element) -> Result<(), WdError> {
        self.try_call("POST", &format!("/element/{}/click", e.0), None)
            .map(|_| ())
    }

    /// Types `text` into the element (W3C element send keys).
    pub fn send_keys(&self, e: &Element, text: &str) -> Result<(), WdError> {
        self.try_call(
            "POST",
            &format!("/element/{}/value", e.0),
            Some(json!({ "text": text })),
        )
        .map(|_| ())
    }

    /// Key presses to whatever has the focus (W3C actions, one key source).
    pub fn press_keys(&self, keys: &str) {
        let mut actions = Vec::new();
        for k in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": k.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": k.to_string() }));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// The mouse pressed and released at viewport point (`x`, `y`) (W3C
    /// actions, a pointer source): the browser's own input events.
    pub fn pointer_click(&self, x: i64, y: i64) {
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "pointer",
                "id": "mouse",
                "parameters": { "pointerType": "mouse" },
                "actions": [
                    { "type": "pointerMove", "origin": "viewport", "x": x, "y": y, "duration": 0 },
                    { "type": "pointerDown", "button": 0 },
                    { "type": "pointerUp", "button": 0 },
                ],
            }] })),
        );
        self.call("DELETE", "/actions", None);
    }

    /// The rendered text of the element (W3C element text).
    pub fn text(&self, e: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", e.0), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Whether the element is displayed (chromedriver's displayedness).
    pub fn displayed(&self, e: &Element) -> bool {
        self.try_displayed(e)
            .unwrap_or_else(|err| panic!("WebDriver element displayed: {err}"))
    }

    /// Whether the element is displayed, or the error (a stale reference).
    pub fn try_displayed(&self, e: &Element) -> Result<bool, WdError> {
        self.try_call("GET", &format!("/element/{}/displayed", e.0), None)
            .map(|v| v == json!(true))
    }

    pub fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{}/attribute/{name}", e.0), None)
            .as_str()
            .map(str::to_string)
    }

    /// Browser console entries since the last call (chromedriver's log
    /// endpoint, with `goog:loggingPrefs`).
    pub fn browser_log(&self) -> Vec<Value> {
        let body = json!({ "type": "browser" });
        let v = self
            .try_call("POST", "/se/log", Some(body.clone()))
            .or_else(|_| self.try_call("POST", "/log", Some(body)))
            .unwrap_or_else(|e| panic!("WebDriver browser log: {e}"));
        v.as_array().cloned().unwrap_or_default()
    }

    /// A PNG of the viewport (W3C take screenshot).
    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let v = self.call("GET", "/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("the screenshot is a base64 string"))
            .expect("the screenshot is valid base64")
    }

    pub fn set_window_size(&self, width: u64, height: u64) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// Polls `script` (returning a boolean) every 50 ms until it is true or
    /// `timeout` passes; whether it became true.
    pub fn wait_for(&self, script: &str, args: &[Value], timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if self.exec(script, args) == json!(true) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closes the browser; chromedriver is killed right after.
        let path = format!("/session/{}", self.id);
        let _ = command(self.port, "DELETE", &path, None, Duration::from_secs(10));
    }
}
