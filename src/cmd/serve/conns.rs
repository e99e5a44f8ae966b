//! Accepting connections without letting them pile up: each is answered on a thread of its
//! own, at most `MAX_OPEN` are open at once, and a new one closes the oldest when all are
//! taken.
//!
//! A preview has one or two people on it, so the limit is only reached by clients that open
//! connections and then say nothing (or crawl). Closing the oldest, rather than turning new
//! ones away, keeps the preview answering its real users while that happens: a real request
//! arrives whole and is answered in milliseconds, long before it is the oldest. The accept
//! loop backs off when the system runs out of descriptors instead of retrying at once.

use std::collections::VecDeque;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The most connections open at once.
pub const MAX_OPEN: usize = 64;
/// How long to wait before accepting again after `accept` failed (no descriptors left, say).
const BACK_OFF: Duration = Duration::from_millis(100);

/// The open connections, oldest first, each with a handle to close it from outside.
#[derive(Default)]
struct Open {
    next_id: u64,
    list: VecDeque<(u64, TcpStream)>,
}

#[derive(Default)]
struct Registry(Mutex<Open>);

impl Registry {
    /// Record a new connection, closing the oldest one if all places are taken.
    fn admit(&self, stream: &TcpStream) -> std::io::Result<u64> {
        let handle = stream.try_clone()?;
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        while open.list.len() >= MAX_OPEN {
            if let Some((_, oldest)) = open.list.pop_front() {
                // Its thread's read or write fails at once, and the thread ends.
                let _ = oldest.shutdown(Shutdown::Both);
            }
        }
        let id = open.next_id;
        open.next_id += 1;
        open.list.push_back((id, handle));
        Ok(id)
    }

    fn release(&self, id: u64) {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        open.list.retain(|(i, _)| *i != id);
    }
}

/// Takes a connection out of the registry when its thread ends, however it ends.
struct Place {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for Place {
    fn drop(&mut self) {
        self.registry.release(self.id);
    }
}

/// Accept connections and answer each with `handle` on its own thread, until `stop` is set
/// (and a last connection wakes `accept` up).
pub fn accept_loop(
    listener: &TcpListener,
    stop: &AtomicBool,
    handle: Arc<dyn Fn(TcpStream) + Send + Sync>,
) {
    let registry = Arc::new(Registry::default());
    loop {
        let accepted = listener.accept();
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS): retrying at once
                // would spin; the connection waits in the backlog meanwhile.
                std::thread::sleep(BACK_OFF);
                continue;
            }
        };
        let Ok(id) = registry.admit(&stream) else {
            std::thread::sleep(BACK_OFF);
            continue;
        };
        let place = Place {
            registry: registry.clone(),
            id,
        };
        let handle = handle.clone();
        let spawned = std::thread::Builder::new()
            .name("qingdan-serve-conn".into())
            .spawn(move || {
                let _place = place;
                handle(stream);
            });
        if spawned.is_err() {
            // The closure (and with it the stream and its place) was dropped.
            std::thread::sleep(BACK_OFF);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_new_connection_closes_the_oldest_when_all_places_are_taken() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let registry = Registry::default();
        let mut clients = Vec::new();
        let mut servers = Vec::new();
        for _ in 0..=MAX_OPEN {
            clients.push(TcpStream::connect(addr).unwrap());
            let (server, _) = listener.accept().unwrap();
            registry.admit(&server).unwrap();
            servers.push(server);
        }
        assert_eq!(registry.0.lock().unwrap().list.len(), MAX_OPEN);
        // The oldest server side was shut down: its reads end at once, the newest's do not.
        let mut buf = [0u8; 1];
        assert_eq!((&servers[0]).read(&mut buf).unwrap(), 0);
        servers[MAX_OPEN]
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        assert!((&servers[MAX_OPEN]).read(&mut buf).is_err());
        registry.release(1);
        assert_eq!(registry.0.lock().unwrap().list.len(), MAX_OPEN - 1);
    }
}
