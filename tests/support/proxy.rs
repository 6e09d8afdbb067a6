//! A loopback TCP proxy that cuts connections on demand, to test sync over a network that
//! drops in the middle of a push or a pull, or goes down altogether for a while.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Where the next connection is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// After this many bytes from the client: the request never arrives whole.
    Request(usize),
    /// After this many bytes of the answer: the server did the work, the client never
    /// learns the outcome.
    Answer(usize),
}

#[derive(Debug)]
pub struct FaultyProxy {
    pub url: String,
    armed: Arc<Mutex<Option<Armed>>>,
    /// Which request is held back next, and for how long: see [`FaultyProxy::hold_next_request`].
    hold: Arc<Mutex<Option<Hold>>>,
    /// True while the link is down: see [`FaultyProxy::go_offline`].
    offline: Arc<tokio::sync::watch::Sender<bool>>,
    task: tokio::task::JoinHandle<()>,
}

/// A hold waiting for its request: the start of the request line it matches, and the delay.
#[derive(Debug, Clone)]
struct Hold {
    request_line: String,
    delay: Duration,
}

/// A cut waiting for traffic: the bytes that may still pass in its direction.
#[derive(Debug, Clone, Copy)]
struct Armed {
    towards_server: bool,
    remaining: usize,
}

impl FaultyProxy {
    pub async fn start(target: SocketAddr) -> FaultyProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let armed: Arc<Mutex<Option<Armed>>> = Arc::default();
        let plan = armed.clone();
        let hold: Arc<Mutex<Option<Hold>>> = Arc::default();
        let held = hold.clone();
        let offline = Arc::new(tokio::sync::watch::Sender::new(false));
        let down = offline.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if *down.borrow() {
                    // Closed at once: the client sees a dropped link, never an answer.
                    drop(client);
                    continue;
                }
                tokio::spawn(relay(client, target, plan.clone(), held.clone(), down.subscribe()));
            }
        });
        FaultyProxy { url, armed, hold, offline, task }
    }

    /// Holds the next request whose request line starts with `request_line` (say
    /// `"POST /api/v1/push"`, on any connection) back for `delay` before it goes on, so
    /// requests sent after it on other connections reach the server first. Matching the
    /// line matters: one sync pushes and pulls at once, so "the next request" alone would
    /// be either.
    pub fn hold_next_request(&self, request_line: &str, delay: Duration) {
        *self.hold.lock().expect("hold plan") = Some(Hold { request_line: request_line.to_owned(), delay });
    }

    /// Cuts the connection that next carries traffic in the cut's direction (pooled
    /// keep-alive connections included), once that many bytes have passed.
    pub fn cut_next(&self, cut: Cut) {
        let armed = match cut {
            Cut::Request(n) => Armed { towards_server: true, remaining: n },
            Cut::Answer(n) => Armed { towards_server: false, remaining: n },
        };
        *self.armed.lock().expect("cut plan") = Some(armed);
    }
}

impl FaultyProxy {
    /// The link goes down until [`FaultyProxy::heal`]: open connections (pooled keep-alive
    /// ones included) are cut, and every new one is closed as soon as it is accepted.
    pub fn go_offline(&self) {
        self.offline.send_replace(true);
    }

    /// The link is good again: a cut that found too little traffic is dropped, and an
    /// offline link is back up.
    pub fn heal(&self) {
        *self.armed.lock().expect("cut plan") = None;
        self.offline.send_replace(false);
    }
}

impl Drop for FaultyProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(
    client: TcpStream,
    target: SocketAddr,
    armed: Arc<Mutex<Option<Armed>>>,
    hold: Arc<Mutex<Option<Hold>>>,
    mut offline: tokio::sync::watch::Receiver<bool>,
) {
    let Ok(server) = TcpStream::connect(target).await else { return };
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    // Either direction ending (or being cut), or the link going down, ends the
    // connection, as a dropped link does.
    tokio::select! {
        _ = pipe(client_read, server_write, true, &armed, Some(&hold)) => {}
        _ = pipe(server_read, client_write, false, &armed, None) => {}
        _ = offline.wait_for(|down| *down) => {}
    }
}

async fn pipe(
    mut from: impl AsyncReadExt + Unpin,
    mut to: impl AsyncWriteExt + Unpin,
    towards_server: bool,
    armed: &Mutex<Option<Armed>>,
    hold: Option<&Mutex<Option<Hold>>>,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let Ok(n) = from.read(&mut buffer).await else { return };
        if n == 0 {
            return;
        }
        let delay = hold.and_then(|hold| {
            let mut plan = hold.lock().expect("hold plan");
            let matches = plan.as_ref().is_some_and(|held| buffer[..n].starts_with(held.request_line.as_bytes()));
            if matches { plan.take().map(|held| held.delay) } else { None }
        });
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let allowed = {
            let mut plan = armed.lock().expect("cut plan");
            match plan.as_mut() {
                Some(cut) if cut.towards_server == towards_server => {
                    let allowed = n.min(cut.remaining);
                    cut.remaining -= allowed;
                    if allowed < n {
                        *plan = None;
                    }
                    allowed
                }
                _ => n,
            }
        };
        if to.write_all(&buffer[..allowed]).await.is_err() || allowed < n {
            return;
        }
    }
}
