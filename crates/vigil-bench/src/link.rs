//! A field link, emulated on loopback: a proxy in front of the office that paces bytes to
//! the link's speed and delays them by half its round trip each way, and may cut
//! connections as a field link drops them.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A field link, emulated: bytes in each direction share the link's speed (every
/// connection together), and arrive half a round trip after they have gone out.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub bytes_per_second: f64,
    pub rtt: Duration,
    /// The chance (0 to 1) that a request's connection is cut while it is under way: at a
    /// random byte of its first MiB going up (a chunk of a photo at most), or as its answer starts coming back if
    /// it is shorter (the request arrived, its answer is lost).
    pub cut_chance: f64,
}

/// What went over the link: the requests begun (by request line) and the connections cut.
#[derive(Debug, Default)]
pub struct LinkLog {
    inner: Mutex<LogInner>,
    /// Whether connections are cut now (see [`LinkLog::cut`]).
    cutting: AtomicBool,
}

#[derive(Debug, Default)]
struct LogInner {
    /// How many times each request line ("PUT /api/v1/blobs/…?offset=0&total=…") began.
    requests: BTreeMap<String, usize>,
    cuts: usize,
}

impl LinkLog {
    /// Starts or stops cutting connections (at the link's chance): none are cut before.
    pub fn cut(&self, cutting: bool) {
        self.cutting.store(cutting, Ordering::SeqCst);
    }

    pub fn cuts(&self) -> usize {
        self.lock().cuts
    }

    /// Chunks of photos begun (`PUT …/blobs/…`), and how many of them repeated one begun
    /// before (the same photo at the same offset: bytes sent again).
    pub fn chunks_begun_and_repeated(&self) -> (usize, usize) {
        let inner = self.lock();
        let lines = inner.requests.iter().filter(|(line, _)| line.starts_with("PUT ") && line.contains("/blobs/"));
        lines.fold((0, 0), |(begun, repeated), (_, n)| (begun + n, repeated + n - 1))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LogInner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Cut within this many bytes of a request going up: a photo's chunk, at most.
const CUT_WITHIN: usize = vigil_sync::DEFAULT_CHUNK_BYTES;

impl Link {
    /// A link of `mbit` megabits per second with round trips of `rtt_ms`, cutting
    /// connections with `cut_chance` (once its log says so).
    pub fn new(mbit: f64, rtt_ms: u64, cut_chance: f64) -> Link {
        Link { bytes_per_second: mbit * 1e6 / 8.0, rtt: Duration::from_millis(rtt_ms), cut_chance }
    }

    /// A proxy on loopback in front of the office at `office`; answers its URL and its log.
    pub async fn start_proxy(self, office: SocketAddr) -> (String, Arc<LinkLog>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let log = Arc::new(LinkLog::default());
        let (up, down) = (Arc::new(Mutex::new(Instant::now())), Arc::new(Mutex::new(Instant::now())));
        let proxy_log = log.clone();
        tokio::spawn(async move {
            while let Ok((device, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(office).await else { continue };
                let ((device_read, device_write), (server_read, server_write)) =
                    (device.into_split(), server.into_split());
                let connection = Arc::new(Connection {
                    log: proxy_log.clone(),
                    cut_after: Mutex::new(None),
                    cut: watch::channel(false).0,
                });
                let (going_up, coming_down) = (
                    Direction { free_at: up.clone(), up: true, connection: connection.clone() },
                    Direction { free_at: down.clone(), up: false, connection },
                );
                tokio::spawn(self.carry(device_read, server_write, going_up));
                tokio::spawn(self.carry(server_read, device_write, coming_down));
            }
        });
        (url, log)
    }

    /// Carries one direction of one connection: each chunk leaves when the link is free
    /// and arrives half a round trip later, without holding up the chunks behind it.
    async fn carry(self, mut from: OwnedReadHalf, mut to: OwnedWriteHalf, direction: Direction) {
        let (send, mut arrive) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
        let deliver = tokio::spawn(async move {
            while let Some((at, bytes)) = arrive.recv().await {
                tokio::time::sleep_until(at.into()).await;
                if to.write_all(&bytes).await.is_err() {
                    return;
                }
            }
        });
        let mut cut = direction.connection.cut.subscribe();
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let n = tokio::select! {
                read = from.read(&mut buffer) => match read {
                    Ok(n @ 1..) => n,
                    _ => break,
                },
                _ = cut.changed() => {
                    deliver.abort();
                    return;
                }
            };
            if !direction.pass(&buffer[..n], self.cut_chance) {
                deliver.abort();
                return;
            }
            let sent = {
                let mut free = direction.free_at.lock().expect("link");
                *free = (*free).max(Instant::now()) + Duration::from_secs_f64(n as f64 / self.bytes_per_second);
                *free
            };
            tokio::time::sleep_until(sent.into()).await;
            if send.send((sent + self.rtt / 2, buffer[..n].to_vec())).is_err() {
                break;
            }
        }
        drop(send);
        let _ = deliver.await;
    }
}

/// One direction of one connection.
struct Direction {
    free_at: Arc<Mutex<Instant>>,
    /// Going up (device to office): requests begin here, and a cut is planned.
    up: bool,
    connection: Arc<Connection>,
}

/// What the two directions of one connection share.
struct Connection {
    log: Arc<LinkLog>,
    /// Bytes of the current request still to go up before it is cut, if it is to be cut.
    cut_after: Mutex<Option<usize>>,
    /// Set once the connection is cut: both directions stop.
    cut: watch::Sender<bool>,
}

impl Direction {
    /// Whether `bytes` go on; `false`: the connection is cut now.
    fn pass(&self, bytes: &[u8], cut_chance: f64) -> bool {
        let connection = &self.connection;
        let mut cut_after = connection.cut_after.lock().expect("cut");
        if self.up {
            if let Some(line) = request_line(bytes) {
                connection.log.lock().requests.entry(line).and_modify(|n| *n += 1).or_insert(1);
                let cutting = connection.log.cutting.load(Ordering::SeqCst);
                *cut_after = (cutting && rand::random::<f64>() < cut_chance).then(|| rand::random_range(1..CUT_WITHIN));
            }
            match *cut_after {
                Some(left) if left <= bytes.len() => {}
                Some(left) => {
                    *cut_after = Some(left - bytes.len());
                    return true;
                }
                None => return true,
            }
        } else if cut_after.is_none() {
            return true;
        }
        // Cut going up, or (the request shorter than its cut) as its answer comes back.
        connection.log.lock().cuts += 1;
        connection.cut.send_replace(true);
        false
    }
}

/// The request line when `bytes` begin an HTTP request.
fn request_line(bytes: &[u8]) -> Option<String> {
    const METHODS: [&[u8]; 5] = [b"GET ", b"PUT ", b"POST ", b"HEAD ", b"DELETE "];
    if !METHODS.iter().any(|method| bytes.starts_with(method)) {
        return None;
    }
    let end = bytes.iter().position(|b| *b == b'\r').unwrap_or(bytes.len().min(512));
    Some(String::from_utf8_lossy(&bytes[..end]).into_owned())
}
