//! The operations the screens call, written once: each one's name (the Tauri command and the
//! HTTP route `POST /api/op/{name}` alike), whether it changes the hall, and who may call it.
//! The desktop shell's handler list and capability files, the LAN server's routes and the
//! names `ui/js/api.js` calls are derived from [`OPS`] or checked against it by a test, so
//! adding an operation is one entry here.
//!
//! Who may call what, over the hall's network (the host's own windows may call everything):
//! - a display only reads (the snapshot, statuses, its voice);
//! - a counter acts on its own window only (the counter id in the arguments must be its own);
//! - a kiosk only issues and checks appointments in;
//! - a rating pad rates the tickets of its own counter;
//! - a desk issues, voids, reprints, checks in and puts tickets back;
//! - settings, full personal data (bookings), statistics, windows, monitors, the test clock and
//!   the device list exist only in the host's app ([`Access::Host`]): never over the network.

use crate::error::{DeviceError, Result};
pub use crate::model::devices::{DeviceRole, Role};
use serde_json::Value;

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Only the host's own windows: settings, personal data, statistics, windows, monitors,
    /// the test clock, the device list. Over the network it is refused (`forbidden`).
    Host,
    /// The host's windows and paired devices of these roles.
    Roles(&'static [Role]),
}

/// One operation a screen calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    /// The Tauri command's name and the HTTP route's last segment.
    pub name: &'static str,
    pub access: Access,
    /// Whether it changes the hall (so an HTTP call needs an idempotency key and its Origin is
    /// checked); a read can be repeated freely.
    pub writes: bool,
    /// Where the counter id sits in the arguments (a JSON pointer into the object `invoke`
    /// passes) for operations that act on one counter's window: a counter or rating pad may
    /// only name its own.
    pub counter_arg: Option<&'static str>,
}

use Role::{Counter, Desk, Display, Kiosk, RatingPad};

const EVERY_ROLE: &[Role] = &Role::ALL;
const DESK: &[Role] = &[Desk];
const DESK_KIOSK: &[Role] = &[Desk, Kiosk];
const KIOSK: &[Role] = &[Kiosk];
const DESK_COUNTER: &[Role] = &[Desk, Counter];
const DESK_COUNTER_DISPLAY: &[Role] = &[Desk, Counter, Display];
const COUNTER: &[Role] = &[Counter];
const DISPLAY: &[Role] = &[Display];
const RATING_PAD: &[Role] = &[RatingPad];

const fn read(name: &'static str, who: &'static [Role]) -> Op {
    Op {
        name,
        access: Access::Roles(who),
        writes: false,
        counter_arg: None,
    }
}

const fn write(name: &'static str, who: &'static [Role]) -> Op {
    Op {
        name,
        access: Access::Roles(who),
        writes: true,
        counter_arg: None,
    }
}

/// An operation on one counter's window; the counter id is the argument `counterId`.
const fn at_counter(name: &'static str, writes: bool) -> Op {
    Op {
        name,
        access: Access::Roles(COUNTER),
        writes,
        counter_arg: Some("/counterId"),
    }
}

const fn host_read(name: &'static str) -> Op {
    Op {
        name,
        access: Access::Host,
        writes: false,
        counter_arg: None,
    }
}

const fn host_write(name: &'static str) -> Op {
    Op {
        name,
        access: Access::Host,
        writes: true,
        counter_arg: None,
    }
}

/// Every operation, named exactly as the Tauri command.
pub const OPS: &[Op] = &[
    // What every screen loads.
    read("app_info", EVERY_ROLE),
    read("snapshot", EVERY_ROLE),
    read("services", EVERY_ROLE),
    read("counters", EVERY_ROLE),
    read("hall_settings", EVERY_ROLE),
    read("hall_status", EVERY_ROLE),
    read("schedule_settings", EVERY_ROLE),
    // The desk (and the kiosk's issuing).
    write("issue_ticket", DESK_KIOSK),
    read("reprint_ticket", DESK),
    write("void_ticket", DESK),
    write("requeue", DESK_COUNTER),
    read("tickets_today", DESK_COUNTER_DISPLAY),
    write("end_day", DESK),
    write("guide_to_12123", DESK),
    read("day_record", DESK),
    // A counter's own window.
    at_counter("counter_view", false),
    at_counter("open_counter", true),
    at_counter("pause_counter", true),
    at_counter("resume_counter", true),
    at_counter("close_counter", true),
    at_counter("call_next", true),
    at_counter("call_number", true),
    at_counter("recall", true),
    at_counter("no_show", true),
    at_counter("finish", true),
    at_counter("transfer", true),
    // The wall display and its voice.
    read("display_settings", DISPLAY),
    read("announcement", DISPLAY),
    read("voice_overrides", DISPLAY),
    read("voice_clip", DISPLAY),
    // 好差评 at the counter: the pad rates its own counter's tickets.
    Op {
        name: "rating_prompt",
        access: Access::Roles(RATING_PAD),
        writes: false,
        counter_arg: Some("/counterId"),
    },
    Op {
        name: "rate_ticket",
        access: Access::Roles(RATING_PAD),
        writes: true,
        counter_arg: Some("/input/counter_id"),
    },
    // Appointment check-in: at the desk or the kiosk (the rest of booking holds personal
    // data and stays on the host).
    write("check_in", DESK_KIOSK),
    // The kiosk's own page settings, whether its numbers are printed (the kiosk printer's
    // settings stay the host's), and the desk's list of numbers not printed yet.
    read("kiosk_settings", DESK_KIOSK),
    read("kiosk_prints", KIOSK),
    read("unprinted_tickets", DESK),
    // The host's app only: settings.
    host_write("save_service"),
    host_write("save_counter"),
    host_write("save_settings"),
    host_write("save_display_settings"),
    host_write("save_schedule_settings"),
    host_read("exceptions"),
    host_write("save_exception"),
    host_write("remove_exception"),
    host_write("import_holidays"),
    host_read("holiday_coverage"),
    // The host's app only: windows, monitors and the end-to-end tests' switches.
    host_write("open_window"),
    host_read("monitors"),
    host_write("set_test_clock"),
    host_write("set_event_link"),
    host_write("open_rating_window"),
    // The host's app only: bookings (names, ID and phone numbers).
    host_read("booking_sessions"),
    host_write("create_booking_session"),
    host_write("create_booking_sessions_by_rule"),
    host_write("delete_booking_session"),
    host_write("book"),
    host_write("cancel_booking"),
    host_write("reschedule_booking"),
    host_write("lift_booking_ban"),
    host_read("check_booking_field"),
    host_read("booking_roster"),
    host_read("search_bookings"),
    host_read("booking_detail"),
    host_read("booking_settings"),
    host_write("save_booking_settings"),
    // The host's app only: statistics and the follow-up of poor ratings.
    host_read("statistics"),
    host_write("export_statistics"),
    host_write("follow_up_rating"),
    // The host's app only: printing. The printers are the host's (a station is a window of
    // the app); a browser prints nothing through them.
    host_read("print_settings"),
    host_write("save_print_settings"),
    host_read("printer_status"),
    host_write("print_test_page"),
    host_write("print_ticket"),
    host_write("save_kiosk_settings"),
    host_write("leave_kiosk"),
    // The host's app only: the administrator PIN, its sessions, the audit list and backups.
    host_read("pin_status"),
    host_write("create_pin"),
    host_write("unlock"),
    host_write("change_pin"),
    host_write("sign_out"),
    host_read("audit_log"),
    host_write("backup_now"),
    host_read("backups"),
    host_write("restore_backup"),
    // The host's app only: the devices on the hall's network.
    host_write("create_pairing_code"),
    host_read("devices"),
    host_write("rename_device"),
    host_write("revoke_device"),
    // The host's app only: host mode (设置 → 网络), which starts and stops the server.
    host_read("host_status"),
    host_write("save_host_settings"),
];

/// The operation called `name`.
pub fn find(name: &str) -> Option<&'static Op> {
    OPS.iter().find(|op| op.name == name)
}

/// Whether a paired device may call `op` with these arguments (the object `invoke` passes):
/// its role must be listed, and a counter or rating pad may only name its own counter.
pub fn allows(op: &Op, device: &DeviceRole, args: &Value) -> Result<()> {
    let forbidden = || DeviceError::Forbidden {
        op: op.name.into(),
        role: device.role.as_str().into(),
    };
    let Access::Roles(roles) = op.access else {
        return Err(forbidden().into());
    };
    if !roles.contains(&device.role) {
        return Err(forbidden().into());
    }
    if let (Some(pointer), true) = (op.counter_arg, device.role.bound_to_counter()) {
        // A device bound to a counter without one (never stored so) may act on none.
        let own = device.counter_id.ok_or_else(forbidden)?;
        // A missing or malformed id is left to the operation to refuse as bad input; it
        // cannot name another counter.
        if let Some(requested) = args.pointer(pointer).and_then(Value::as_i64) {
            if requested != own {
                return Err(DeviceError::OtherCounter {
                    counter: own,
                    requested,
                }
                .into());
            }
        } else {
            return Err(forbidden().into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashSet;

    fn device(role: Role, counter_id: Option<i64>) -> DeviceRole {
        DeviceRole { role, counter_id }
    }

    fn op(name: &str) -> &'static Op {
        find(name).unwrap_or_else(|| panic!("no op {name}"))
    }

    #[test]
    fn names_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for op in OPS {
            assert!(seen.insert(op.name), "{} twice", op.name);
            assert!(
                op.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                op.name
            );
        }
    }

    #[test]
    fn a_display_only_reads() {
        let d = device(Display, None);
        for op in OPS {
            if op.writes {
                assert!(allows(op, &d, &json!({})).is_err(), "{}", op.name);
            }
        }
        assert!(allows(op("snapshot"), &d, &json!({})).is_ok());
        assert!(allows(op("announcement"), &d, &json!({})).is_ok());
    }

    #[test]
    fn a_counter_acts_on_its_own_window_only() {
        let c = device(Counter, Some(3));
        assert!(allows(op("call_next"), &c, &json!({"counterId": 3})).is_ok());
        let other = allows(op("call_next"), &c, &json!({"counterId": 4})).unwrap_err();
        assert_eq!(other.code(), "other_counter");
        assert_eq!(other.params(), json!({"counter": 3, "requested": 4}));
        // No id at all is not a way around the check.
        assert_eq!(
            allows(op("finish"), &c, &json!({"ticketId": 1}))
                .unwrap_err()
                .code(),
            "forbidden"
        );
        assert!(allows(op("issue_ticket"), &c, &json!({})).is_err());
        assert!(allows(op("void_ticket"), &c, &json!({})).is_err());
    }

    #[test]
    fn a_kiosk_only_issues_and_checks_in() {
        let k = device(Kiosk, None);
        let writes: Vec<_> = OPS
            .iter()
            .filter(|o| o.writes && allows(o, &k, &json!({})).is_ok())
            .map(|o| o.name)
            .collect();
        assert_eq!(writes, ["issue_ticket", "check_in"]);
        let reads: Vec<_> = OPS
            .iter()
            .filter(|o| !o.writes && allows(o, &k, &json!({})).is_ok())
            .map(|o| o.name)
            .collect();
        assert!(!reads.contains(&"tickets_today") && reads.contains(&"kiosk_settings"));
        // It learns whether it prints, never the printer's settings.
        assert!(reads.contains(&"kiosk_prints") && !reads.contains(&"print_settings"));
    }

    #[test]
    fn a_rating_pad_rates_its_own_counter() {
        let p = device(RatingPad, Some(2));
        let input = |c: i64| json!({"input": {"counter_id": c, "ticket_id": 9, "level": 5}});
        assert!(allows(op("rate_ticket"), &p, &input(2)).is_ok());
        assert_eq!(
            allows(op("rate_ticket"), &p, &input(5)).unwrap_err().code(),
            "other_counter"
        );
    }

    #[test]
    fn host_operations_are_refused_to_every_device() {
        for role in Role::ALL {
            let d = device(role, Some(1));
            for op in OPS.iter().filter(|o| o.access == Access::Host) {
                assert_eq!(
                    allows(op, &d, &json!({"counterId": 1})).unwrap_err().code(),
                    "forbidden"
                );
            }
        }
        for name in ["save_settings", "booking_detail", "statistics", "devices"] {
            assert_eq!(op(name).access, Access::Host, "{name}");
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), json!(r.as_str()));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
