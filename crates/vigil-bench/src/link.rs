//! A field link, emulated on loopback: a proxy in front of the office that paces bytes to
//! the link's speed and delays them by half its round trip each way.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

/// A field link, emulated: bytes in each direction share the link's speed (every
/// connection together), and arrive half a round trip after they have gone out.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub bytes_per_second: f64,
    pub rtt: Duration,
}

impl Link {
    /// A proxy on loopback in front of the office at `office`; answers its URL.
    pub async fn start_proxy(self, office: SocketAddr) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let (up, down) = (Arc::new(Mutex::new(Instant::now())), Arc::new(Mutex::new(Instant::now())));
        tokio::spawn(async move {
            while let Ok((device, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(office).await else { continue };
                let ((device_read, device_write), (server_read, server_write)) =
                    (device.into_split(), server.into_split());
                tokio::spawn(self.carry(device_read, server_write, up.clone()));
                tokio::spawn(self.carry(server_read, device_write, down.clone()));
            }
        });
        url
    }

    /// Carries one direction of one connection: each chunk leaves when the link is free
    /// and arrives half a round trip later, without holding up the chunks behind it.
    async fn carry(self, mut from: OwnedReadHalf, mut to: OwnedWriteHalf, free_at: Arc<Mutex<Instant>>) {
        let (send, mut arrive) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
        let deliver = tokio::spawn(async move {
            while let Some((at, bytes)) = arrive.recv().await {
                tokio::time::sleep_until(at.into()).await;
                if to.write_all(&bytes).await.is_err() {
                    return;
                }
            }
        });
        let mut buffer = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buffer).await {
            let sent = {
                let mut free = free_at.lock().expect("link");
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
