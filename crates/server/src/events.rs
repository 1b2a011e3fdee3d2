//! The hall's events as server-sent events (`GET /api/events`).
//!
//! One hub task subscribes to the hall and numbers each committed event (`id:`, a sequence
//! that only grows while the server runs); every open stream takes them from the hub. A stream
//! starts with `event: resync` (load the snapshot now; the `id` of the resync is the last event
//! the snapshot may already contain), or, when the browser reconnects with a `Last-Event-ID`
//! the hub still holds everything after, with the missed events themselves. A stream that falls
//! behind (a slow client) gets `event: resync` again instead of a gap. `event: heartbeat`
//! every [`HEARTBEAT_EVERY`] lets a page tell a quiet hall from a lost host.
//!
//! A revoked device's streams close at once (the hub sees the `devices` event), and every
//! heartbeat checks the device again, so a missed event cannot keep one open.

use crate::AppState;
use axum::response::sse::{Event, Sse};
use frontdesk_core::{DeviceChange, DeviceError, Error, Hall, HallEvent};
use futures_util::stream::{self, Stream};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc, watch};

/// How often a stream sends `event: heartbeat` (the app's `hall-heartbeat` does the same).
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(2);
/// Events the hub keeps for reconnecting browsers.
const KEPT: usize = 1024;
/// Events a stream may fall behind before it is told to resync.
const STREAM_BACKLOG: usize = 256;

/// One numbered event, as it goes out.
#[derive(Debug)]
struct Numbered {
    id: u64,
    json: String,
    /// The device this event revokes, if it does.
    revokes: Option<i64>,
}

#[derive(Debug, Clone)]
enum Item {
    Event(Arc<Numbered>),
    /// The hub itself fell behind the hall: everyone reloads.
    Resync,
}

/// Numbers the hall's events and hands them to every stream.
pub(crate) struct EventHub {
    tx: broadcast::Sender<Item>,
    /// The newest events (ascending ids) and the id of the newest event sent.
    kept: Mutex<(VecDeque<Arc<Numbered>>, u64)>,
}

impl EventHub {
    /// Starts the hub's task; it ends when the server stops.
    pub(crate) fn start(hall: &Hall, stopping: watch::Receiver<bool>) -> Arc<EventHub> {
        let (tx, _) = broadcast::channel(STREAM_BACKLOG);
        let hub = Arc::new(EventHub {
            tx,
            kept: Mutex::new((VecDeque::new(), 0)),
        });
        let mut rx = hall.subscribe();
        let h = hub.clone();
        tokio::spawn(async move {
            let stop = stopped(stopping);
            tokio::pin!(stop);
            loop {
                let got = tokio::select! {
                    got = rx.recv() => got,
                    _ = &mut stop => return,
                };
                match got {
                    Ok(ev) => h.push(&ev),
                    Err(RecvError::Lagged(_)) => h.lost(),
                    Err(RecvError::Closed) => return,
                }
            }
        });
        hub
    }

    fn push(&self, ev: &HallEvent) {
        let revokes = match ev {
            HallEvent::Devices {
                change: DeviceChange::Revoked,
                device_id,
            } => Some(*device_id),
            _ => None,
        };
        let Ok(json) = serde_json::to_string(ev) else {
            return;
        };
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.1 += 1;
        let n = Arc::new(Numbered {
            id: kept.1,
            json,
            revokes,
        });
        if kept.0.len() == KEPT {
            kept.0.pop_front();
        }
        kept.0.push_back(n.clone());
        // Sent under the lock, so a stream that subscribes and reads `kept` sees each event
        // exactly once (in `kept` or on the channel).
        let _ = self.tx.send(Item::Event(n));
    }

    fn lost(&self) {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        // The gap cannot be replayed: nobody may resume across it.
        kept.0.clear();
        let _ = self.tx.send(Item::Resync);
    }

    /// Subscribes, and says where the stream starts: the events after `last_seen` if all
    /// of them are still kept, else None (a resync), with the id of the newest event.
    fn join(
        &self,
        last_seen: Option<u64>,
    ) -> (broadcast::Receiver<Item>, Option<Vec<Arc<Numbered>>>, u64) {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let rx = self.tx.subscribe();
        let newest = kept.1;
        let replay = last_seen.and_then(|seen| {
            if seen > newest {
                // From an earlier run of the server: ids started again.
                return None;
            }
            let oldest_kept = kept.0.front().map_or(newest + 1, |n| n.id);
            (seen + 1 >= oldest_kept)
                .then(|| kept.0.iter().filter(|n| n.id > seen).cloned().collect())
        });
        (rx, replay, newest)
    }
}

/// Resolves when the server stops.
pub(crate) async fn stopped(mut stopping: watch::Receiver<bool>) {
    let _ = stopping.wait_for(|s| *s).await;
}

fn resync(newest: u64) -> Event {
    Event::default()
        .event("resync")
        .id(newest.to_string())
        .data(format!("{{\"last_id\":{newest}}}"))
}

fn hall_event(n: &Numbered) -> Event {
    Event::default()
        .event("hall")
        .id(n.id.to_string())
        .data(n.json.clone())
}

/// The stream of one device (`device_id`, holding `token`) that last saw `last_seen`.
pub(crate) fn stream(
    state: AppState,
    device_id: i64,
    token: String,
    address: String,
    last_seen: Option<u64>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (out, rx) = mpsc::channel::<Event>(STREAM_BACKLOG);
    tokio::spawn(async move {
        let _ = feed(state, device_id, token, address, last_seen, out).await;
    });
    Sse::new(stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok(e), rx))
    }))
}

/// Why a stream ended (the client went away, the device was revoked, the server stops).
struct Ended;

async fn feed(
    state: AppState,
    device_id: i64,
    token: String,
    address: String,
    last_seen: Option<u64>,
    out: mpsc::Sender<Event>,
) -> Result<(), Ended> {
    let send = |e: Event| {
        let out = out.clone();
        async move { out.send(e).await.map_err(|_| Ended) }
    };
    let (mut rx, replay, newest) = state.hub.join(last_seen);
    let mut sent = newest;
    match replay {
        Some(events) => {
            for n in events {
                send(hall_event(&n)).await?;
            }
        }
        None => send(resync(newest)).await?,
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT_EVERY);
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    heartbeat.tick().await;
    let stop = stopped(state.stopping.clone());
    tokio::pin!(stop);
    loop {
        tokio::select! {
            got = rx.recv() => match got {
                Ok(Item::Event(n)) => {
                    if n.revokes == Some(device_id) {
                        return Err(Ended);
                    }
                    if n.id > sent {
                        sent = n.id;
                        send(hall_event(&n)).await?;
                    }
                }
                Ok(Item::Resync) | Err(RecvError::Lagged(_)) => {
                    // Behind: skip to now, and have the page reload its snapshot.
                    let (fresh, _, newest) = state.hub.join(None);
                    rx = fresh;
                    sent = newest;
                    send(resync(newest)).await?;
                }
                Err(RecvError::Closed) => return Err(Ended),
            },
            _ = heartbeat.tick() => {
                // Revoked while an event was missed: the stream ends all the same.
                let check = state.hall.device_for_token(&token, &address).await;
                if matches!(check, Err(Error::Device(DeviceError::Unpaired))) {
                    return Err(Ended);
                }
                send(Event::default().event("heartbeat").data("")).await?;
            }
            _ = &mut stop => return Err(Ended),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ServeOptions;
    use frontdesk_core::ops::Role;
    use frontdesk_core::{IssueRequest, ManualClock};

    /// A page that stops reading (a busy TV, a frozen tab) falls behind: it is told to resync
    /// once, and from there gets every event again, so with its reloaded snapshot it has all.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stream_that_falls_behind_is_told_to_resync_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // Monday 2026-11-30 09:05 in Beijing.
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:05:00+08:00").unwrap();
        let clock = Arc::new(ManualClock::new(at.to_utc()));
        let hall = frontdesk_testing::open_hall(dir.path(), clock)
            .await
            .unwrap();
        let (_stop, stopping) = watch::channel(false);
        let state = AppState {
            hub: EventHub::start(&hall, stopping.clone()),
            hall: hall.clone(),
            opts: Arc::new(ServeOptions {
                addr: "127.0.0.1:0".parse().unwrap(),
                ui_dir: ".".into(),
                test_mode: true,
                host_console: true,
            }),
            stopping,
        };
        let code = hall
            .create_pairing_code_at_console(Role::Display, None)
            .await
            .unwrap();
        let paired = hall.pair(&code.code, "大屏", "127.0.0.1").await.unwrap();
        let (out, mut page) = mpsc::channel(STREAM_BACKLOG);
        tokio::spawn(feed(
            state,
            paired.device.id,
            paired.token,
            "127.0.0.1".into(),
            None,
            out,
        ));
        let service_id = hall.services().await.unwrap()[0].id;
        let issue = || {
            hall.issue_ticket(IssueRequest {
                service_id,
                priority: false,
                station: String::new(),
                request_id: None,
            })
        };
        // The page reads the first resync, then stops reading while many tickets are issued.
        let first = format!("{:?}", page.recv().await.unwrap());
        assert!(first.contains("event: resync"));
        let id_of = |e: &str| -> u64 {
            e.split("id: ")
                .nth(1)
                .and_then(|r| r.split("\\n").next())
                .and_then(|n| n.parse().ok())
                .expect("an id")
        };
        let mut expected_next = id_of(&first) + 1;
        let total = 3 * STREAM_BACKLOG;
        for _ in 0..total {
            issue().await.unwrap();
        }
        // Hub ids: the pairing was 1, the tickets 2..=total + 1.
        let newest = total as u64 + 1;
        // Now it reads: events in order, one resync where it fell behind (its snapshot then
        // covers everything up to the resync's id), then no gap up to the newest event.
        let mut resyncs = 0;
        loop {
            let got = tokio::time::timeout(Duration::from_secs(10), page.recv()).await;
            // The event as written on the wire (its Debug form shows the bytes, escaped).
            let e = format!("{:?}", got.expect("no event for 10 s").unwrap());
            if e.contains("event: heartbeat") {
                continue;
            }
            let id = id_of(&e);
            if e.contains("event: resync") {
                resyncs += 1;
                assert!(id >= expected_next, "a resync that goes back");
            } else {
                assert_eq!(id, expected_next, "a gap without a resync");
            }
            expected_next = id + 1;
            if id == newest {
                break;
            }
        }
        assert_eq!(resyncs, 1, "it fell behind once");
    }
}
