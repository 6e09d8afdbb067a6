//! A loopback TCP proxy that cuts connections on demand, to test sync over a network that
//! drops in the middle of a push or a pull, goes down altogether for a while, holds a
//! request back, or is slow; or, in [chaos](FaultyProxy::chaos), does any of that at
//! random to the connections it carries: delays them, drops them, cuts them mid-body,
//! resets them or lets them stall.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
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
    plans: Arc<Plans>,
    /// True while the link is down: see [`FaultyProxy::go_offline`].
    offline: Arc<tokio::sync::watch::Sender<bool>>,
    task: tokio::task::JoinHandle<()>,
}

/// What a test has planned for the link, shared by every connection through it.
#[derive(Debug, Default)]
struct Plans {
    /// The next cut: see [`FaultyProxy::cut_next`].
    armed: Mutex<Option<Armed>>,
    /// Which request is held back next, and for how long: see [`FaultyProxy::hold_next_request`].
    hold: Mutex<Option<Hold>>,
    /// Bytes per second each connection may carry each way, if limited: see [`FaultyProxy::throttle`].
    rate: Mutex<Option<f64>>,
    /// Bytes carried from the server to clients so far: see [`FaultyProxy::bytes_to_clients`].
    to_clients: AtomicU64,
    /// Faults drawn at random for new connections, if on: see [`FaultyProxy::chaos`].
    chaos: Mutex<Option<Chaos>>,
}

/// Random faults for the connections a proxy accepts and the requests they carry (pooled
/// keep-alive connections carry many): each, with `percent` chance, gets one [`Fault`],
/// drawn from a seeded generator (so a run can be replayed, up to the order in which
/// connections and requests arrive).
#[derive(Debug)]
struct Chaos {
    rng: rand_chacha::ChaCha8Rng,
    percent: u32,
}

/// What goes wrong on one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Every chunk each way waits this long: a slow, far link.
    Delay(Duration),
    /// Closed as soon as accepted: the request never leaves.
    Drop,
    /// Closed after this many bytes one way (towards the server, or of the answer):
    /// a body cut in the middle.
    Cut { towards_server: bool, bytes: usize },
    /// As `Cut`, but the client gets a TCP reset rather than an orderly close.
    Reset { towards_server: bool, bytes: usize },
    /// After this many bytes one way nothing more passes, and the connection stays open:
    /// only the client's own timeout ends the wait.
    Stall { towards_server: bool, bytes: usize },
}

impl Chaos {
    /// A new connection's fault: dropped at once, or reset in the middle of a request.
    fn draw_connection(&mut self) -> Option<Fault> {
        use rand::Rng;
        if self.rng.random_range(0..400) >= self.percent {
            return None;
        }
        Some(if self.rng.random_bool(0.5) { Fault::Drop } else { self.cut(true) })
    }

    /// A request's fault: delayed, cut mid-body, or stalled.
    fn draw_request(&mut self) -> Option<Fault> {
        use rand::Rng;
        if self.rng.random_range(0..100) >= self.percent {
            return None;
        }
        Some(match self.rng.random_range(0..10) {
            0..=3 => Fault::Delay(Duration::from_millis(self.rng.random_range(1..40))),
            4..=8 => self.cut(false),
            _ => {
                let Fault::Cut { towards_server, bytes } = self.cut(false) else { return None };
                Fault::Stall { towards_server, bytes }
            }
        })
    }

    /// A cut (or reset) after a random number of bytes, either way.
    fn cut(&mut self, reset: bool) -> Fault {
        use rand::Rng;
        let (towards_server, bytes) = (self.rng.random_bool(0.5), self.rng.random_range(0..4000));
        if reset { Fault::Reset { towards_server, bytes } } else { Fault::Cut { towards_server, bytes } }
    }
}

/// A hold waiting for its request: the start of the request line it matches, and the delay.
#[derive(Debug, Clone)]
struct Hold {
    request_line: String,
    delay: Duration,
}

/// A cut waiting for traffic: the bytes that may still pass in its direction, on a
/// connection carrying a request whose line starts with `request_line` (any, if empty).
#[derive(Debug, Clone)]
struct Armed {
    towards_server: bool,
    remaining: usize,
    request_line: String,
}

impl FaultyProxy {
    pub async fn start(target: SocketAddr) -> FaultyProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let plans: Arc<Plans> = Arc::default();
        let planned = plans.clone();
        let offline = Arc::new(tokio::sync::watch::Sender::new(false));
        let down = offline.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if *down.borrow() {
                    // Closed at once: the client sees a dropped link, never an answer.
                    drop(client);
                    continue;
                }
                let fault = planned.chaos.lock().expect("chaos").as_mut().and_then(Chaos::draw_connection);
                if fault == Some(Fault::Drop) {
                    drop(client);
                    continue;
                }
                let link = Link {
                    plans: planned.clone(),
                    request_line: Mutex::default(),
                    fault: Mutex::new(fault),
                    passed: Default::default(),
                };
                tokio::spawn(relay(client, target, link, down.subscribe()));
            }
        });
        FaultyProxy { url, plans, offline, task }
    }

    /// Holds the next request whose request line starts with `request_line` (say
    /// `"POST /api/v1/push"`, on any connection) back for `delay` before it goes on, so
    /// requests sent after it on other connections reach the server first. Matching the
    /// line matters: one sync pushes and pulls at once, so "the next request" alone would
    /// be either.
    pub fn hold_next_request(&self, request_line: &str, delay: Duration) {
        *self.plans.hold.lock().expect("hold plan") = Some(Hold { request_line: request_line.to_owned(), delay });
    }

    /// Cuts the connection that next carries traffic in the cut's direction (pooled
    /// keep-alive connections included), once that many bytes have passed.
    pub fn cut_next(&self, cut: Cut) {
        self.cut_next_request_to("", cut);
    }

    /// As [`FaultyProxy::cut_next`], counting only traffic of requests whose request line
    /// starts with `request_line` (say `"POST /api/v1/push"`) and of their answers: a
    /// sync pushes and pulls at once, so "the next connection" alone could be either.
    pub fn cut_next_request_to(&self, request_line: &str, cut: Cut) {
        let (towards_server, remaining) = match cut {
            Cut::Request(n) => (true, n),
            Cut::Answer(n) => (false, n),
        };
        let armed = Armed { towards_server, remaining, request_line: request_line.to_owned() };
        *self.plans.armed.lock().expect("cut plan") = Some(armed);
    }
}

impl FaultyProxy {
    /// A slow link from now on: each connection carries at most `bytes_per_second` each way.
    pub fn throttle(&self, bytes_per_second: f64) {
        *self.plans.rate.lock().expect("rate") = Some(bytes_per_second);
    }

    /// How many bytes the server has sent clients through the proxy: bodies as they
    /// crossed the wire (compressed or not), with their HTTP headers.
    pub fn bytes_to_clients(&self) -> u64 {
        self.plans.to_clients.load(Ordering::Relaxed)
    }

    /// The link goes down until [`FaultyProxy::heal`]: open connections (pooled keep-alive
    /// ones included) are cut, and every new one is closed as soon as it is accepted.
    pub fn go_offline(&self) {
        self.offline.send_replace(true);
    }

    /// From now on each new connection has `percent` chance of a random [`Fault`], drawn
    /// from `seed`, until [`FaultyProxy::heal`].
    pub fn chaos(&self, seed: u64, percent: u32) {
        use rand::SeedableRng;
        let rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        *self.plans.chaos.lock().expect("chaos") = Some(Chaos { rng, percent });
    }

    /// The link is good again: a cut that found too little traffic is dropped, and an
    /// offline link is back up, and chaos is over (for new connections).
    pub fn heal(&self) {
        *self.plans.chaos.lock().expect("chaos") = None;
        *self.plans.armed.lock().expect("cut plan") = None;
        self.offline.send_replace(false);
    }
}

impl Drop for FaultyProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(client: TcpStream, target: SocketAddr, link: Link, mut offline: tokio::sync::watch::Receiver<bool>) {
    let Ok(server) = TcpStream::connect(target).await else { return };
    if let Some(Fault::Reset { .. }) = link.fault() {
        // Closing with no linger sends a reset instead of an orderly close, at once: the
        // warning about blocking on drop is for a linger longer than zero.
        #[allow(deprecated)]
        let _ = client.set_linger(Some(Duration::ZERO));
    }
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    // Either direction ending (or being cut), or the link going down, ends the
    // connection, as a dropped link does.
    tokio::select! {
        _ = pipe(client_read, server_write, true, &link) => {}
        _ = pipe(server_read, client_write, false, &link) => {}
        _ = offline.wait_for(|down| *down) => {}
    }
}

/// One proxied connection: the proxy's plans, and the line of the request it carries now
/// (HTTP/1.1 sends one request at a time on a connection, and its answer before the next).
struct Link {
    plans: Arc<Plans>,
    request_line: Mutex<Vec<u8>>,
    /// The fault chaos gave this connection, or the request it carries now, if any.
    fault: Mutex<Option<Fault>>,
    /// Bytes of the current request and of its answer passed so far (for a fault).
    passed: [AtomicUsize; 2],
}

impl Link {
    /// Notes the request line if `chunk`, from the client, starts a request; true if so.
    fn note_request(&self, chunk: &[u8]) -> bool {
        const METHODS: [&[u8]; 4] = [b"GET /", b"POST /", b"PUT /", b"HEAD /"];
        let starts = METHODS.iter().any(|method| chunk.starts_with(method));
        if starts {
            let line = chunk.split(|&byte| byte == b'\r').next().unwrap_or(chunk);
            *self.request_line.lock().expect("request line") = line.to_vec();
        }
        starts
    }

    fn carries(&self, request_line: &str) -> bool {
        self.request_line.lock().expect("request line").starts_with(request_line.as_bytes())
    }

    /// How long the request that has just started is held back, if at all.
    fn hold_for(&self) -> Option<Duration> {
        let mut plan = self.plans.hold.lock().expect("hold plan");
        let matches = plan.as_ref().is_some_and(|held| self.carries(&held.request_line));
        if matches { plan.take().map(|held| held.delay) } else { None }
    }

    /// Where this connection's fault stops traffic going `towards_server`: after how many
    /// bytes, and whether it then stalls (else it closes).
    fn fault_limit(&self, towards_server: bool) -> Option<(usize, bool)> {
        match self.fault()? {
            Fault::Cut { towards_server: way, bytes } | Fault::Reset { towards_server: way, bytes }
                if way == towards_server =>
            {
                Some((bytes, false))
            }
            Fault::Stall { towards_server: way, bytes } if way == towards_server => Some((bytes, true)),
            _ => None,
        }
    }

    fn fault(&self) -> Option<Fault> {
        *self.fault.lock().expect("fault")
    }

    /// A new request starts: chaos may give it a fault of its own (a connection reset
    /// keeps its reset, to come at some point of this request); a healed link gives none.
    fn next_request(&self) {
        let mut fault = self.fault.lock().expect("fault");
        *fault = match (self.plans.chaos.lock().expect("chaos").as_mut(), *fault) {
            (Some(chaos), Some(Fault::Reset { .. })) => Some(chaos.cut(true)),
            (Some(chaos), _) => chaos.draw_request(),
            (None, _) => None,
        };
        for passed in &self.passed {
            passed.store(0, Ordering::Relaxed);
        }
    }

    /// How many of `n` bytes going `towards_server` may pass before a cut.
    fn allowed(&self, n: usize, towards_server: bool) -> usize {
        let mut plan = self.plans.armed.lock().expect("cut plan");
        match plan.as_mut() {
            Some(cut) if cut.towards_server == towards_server && self.carries(&cut.request_line) => {
                let allowed = n.min(cut.remaining);
                cut.remaining -= allowed;
                if allowed < n {
                    *plan = None;
                }
                allowed
            }
            _ => n,
        }
    }
}

async fn pipe(
    mut from: impl AsyncReadExt + Unpin,
    mut to: impl AsyncWriteExt + Unpin,
    towards_server: bool,
    link: &Link,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    let passed = &link.passed[usize::from(towards_server)];
    loop {
        let Ok(n) = from.read(&mut buffer).await else { return };
        if n == 0 {
            return;
        }
        let starts = towards_server && link.note_request(&buffer[..n]);
        if starts {
            link.next_request();
        }
        if let Some(Fault::Delay(delay)) = link.fault() {
            tokio::time::sleep(delay).await;
        }
        let so_far = passed.fetch_add(n, Ordering::Relaxed);
        if let Some((limit, stalls)) = link.fault_limit(towards_server)
            && so_far + n > limit
        {
            let _ = to.write_all(&buffer[..limit.saturating_sub(so_far)]).await;
            if stalls {
                std::future::pending::<()>().await;
            }
            return;
        }
        if starts && let Some(delay) = link.hold_for() {
            tokio::time::sleep(delay).await;
        }
        let allowed = link.allowed(n, towards_server);
        if !towards_server {
            link.plans.to_clients.fetch_add(allowed as u64, Ordering::Relaxed);
        }
        let rate = *link.plans.rate.lock().expect("rate");
        // A slow link hands bytes on a little at a time, as they would trickle in.
        let slice = if rate.is_some() { 2048 } else { allowed.max(1) };
        for piece in buffer[..allowed].chunks(slice) {
            if let Some(bytes_per_second) = rate {
                tokio::time::sleep(Duration::from_secs_f64(piece.len() as f64 / bytes_per_second)).await;
            }
            if to.write_all(piece).await.is_err() {
                return;
            }
        }
        if allowed < n {
            return;
        }
    }
}
