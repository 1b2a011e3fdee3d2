//! Editing the schedule: the weekly plan and its checks, date exceptions, and the import
//! of holiday-cn year files (a manual exception beats an imported one; a re-import
//! replaces that year's imported days only; a bad file is refused with nothing written).

use crate::common::*;
use frontdesk_core::schedule::{
    DayKind, DayOfWeek, ExceptionInput, ExceptionKind, ExceptionSource, ServiceCutoff, Session,
    WeekPlan,
};
use frontdesk_core::{Error, ScheduleSettings};

const FIXTURE: &str = include_str!("../fixtures/holidays-2026.json");

fn manual(date: &str, kind: ExceptionKind) -> ExceptionInput {
    ExceptionInput {
        date: date.into(),
        kind,
        sessions: Vec::new(),
        follows: None,
        name: String::new(),
        note: String::new(),
    }
}

async fn exception_rows(h: &TestHall) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT date, kind, source FROM date_exceptions ORDER BY date, source")
        .fetch_all(h.hall.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_hall_has_the_default_plan() {
    let h = hall().await;
    let s = h.hall.schedule_settings().await.unwrap();
    assert_eq!(s, ScheduleSettings::default());
    assert_eq!(
        s.week.mon,
        [
            Session::new("09:00", "12:00"),
            Session::new("13:30", "17:30")
        ]
    );
    assert!(s.week.sat.is_empty() && s.week.sun.is_empty());
    assert_eq!((s.early_open_minutes, s.reminder_minutes), (10, 20));
    assert!(!s.issue_during_lunch);
}

#[tokio::test]
async fn the_plan_is_saved_in_order_and_survives_a_restart() {
    let h = hall().await;
    let b = h.service_id("B").await;
    let mut s = ScheduleSettings::default();
    s.week.sat = vec![
        Session::new("13:00", "16:00"),
        Session::new("9:00", "11:30"),
    ];
    s.week.sun = vec![Session::new("00:00", "24:00")];
    s.early_open_minutes = 15;
    s.issue_during_lunch = true;
    s.makeup_follows = DayOfWeek::Fri;
    s.service_cutoffs = vec![ServiceCutoff {
        service_id: b,
        minutes_before: 45,
    }];
    let saved = h
        .hall
        .save_schedule_settings(&crate::common::staff(&h.hall).await, s.clone())
        .await
        .unwrap();
    assert_eq!(
        saved.week.sat,
        [
            Session::new("09:00", "11:30"),
            Session::new("13:00", "16:00")
        ]
    );
    drop(h.hall);
    let again = frontdesk_testing::open_hall(h.dir.path(), h.clock.clone())
        .await
        .unwrap();
    assert_eq!(again.schedule_settings().await.unwrap(), saved);
    assert_eq!(saved.service_cutoffs, s.service_cutoffs);
    assert_eq!(saved.makeup_follows, DayOfWeek::Fri);
}

#[tokio::test]
async fn bad_plans_are_refused_with_typed_errors_and_nothing_written() {
    let h = hall().await;
    let base = h.hall.schedule_settings().await.unwrap();
    let with_mon = |sessions: Vec<Session>| {
        let mut s = base.clone();
        s.week.mon = sessions;
        s
    };
    let cases: Vec<(ScheduleSettings, &str)> = vec![
        (
            with_mon(vec![
                Session::new("09:00", "12:00"),
                Session::new("11:00", "14:00"),
            ]),
            "sessions_overlap",
        ),
        (
            with_mon(vec![
                Session::new("09:00", "12:00"),
                Session::new("12:00", "14:00"),
            ]),
            "sessions_overlap",
        ),
        (
            with_mon(vec![Session::new("12:00", "09:00")]),
            "session_ends_before_start",
        ),
        (
            with_mon(vec![Session::new("09:00", "09:00")]),
            "session_ends_before_start",
        ),
        (with_mon(vec![Session::new("09:00", "25:00")]), "bad_time"),
        (with_mon(vec![Session::new("24:00", "24:00")]), "bad_time"),
        (with_mon(vec![Session::new("9", "12:00")]), "bad_time"),
        (with_mon(vec![Session::new("09:60", "12:00")]), "bad_time"),
        (with_mon(vec![Session::new("-1:00", "12:00")]), "bad_time"),
        (
            with_mon(vec![Session::new("09:00", "12:00"); 7]),
            "out_of_range",
        ),
        (
            ScheduleSettings {
                early_open_minutes: 121,
                ..base.clone()
            },
            "out_of_range",
        ),
        (
            ScheduleSettings {
                reminder_minutes: -1,
                ..base.clone()
            },
            "out_of_range",
        ),
        (
            ScheduleSettings {
                guidance_text: "字".repeat(201),
                ..base.clone()
            },
            "too_long",
        ),
        (
            ScheduleSettings {
                service_cutoffs: vec![ServiceCutoff {
                    service_id: 999,
                    minutes_before: 10,
                }],
                ..base.clone()
            },
            "unknown_service",
        ),
        (
            ScheduleSettings {
                service_cutoffs: vec![
                    ServiceCutoff {
                        service_id: 1,
                        minutes_before: 10,
                    },
                    ServiceCutoff {
                        service_id: 1,
                        minutes_before: 20,
                    },
                ],
                ..base.clone()
            },
            "invalid",
        ),
    ];
    for (s, code) in cases {
        let err = h
            .hall
            .save_schedule_settings(&crate::common::staff(&h.hall).await, s.clone())
            .await
            .unwrap_err();
        assert_eq!(err.code(), code, "{:?}", s.week.mon);
        assert_eq!(h.hall.schedule_settings().await.unwrap(), base);
    }
    let err = h
        .hall
        .save_schedule_settings(
            &crate::common::staff(&h.hall).await,
            with_mon(vec![
                Session::new("13:30", "17:30"),
                Session::new("09:00", "14:00"),
            ]),
        )
        .await
        .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["params"]["day"], "mon");
    assert_eq!(json["params"]["first"], "09:00-14:00");
    assert_eq!(json["params"]["second"], "13:30-17:30");
    let err = h
        .hall
        .save_schedule_settings(
            &crate::common::staff(&h.hall).await,
            with_mon(vec![Session::new("08:00", "2500")]),
        )
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::BadTime { day, value } if day == "mon" && value == "2500"));
}

#[tokio::test]
async fn manual_exceptions_are_saved_replaced_and_removed() {
    let h = hall().await;
    let mut e = manual("2026-12-31", ExceptionKind::SpecialHours);
    e.sessions = vec![Session::new("09:00", "15:00")];
    e.note = "跨年".into();
    let saved = h
        .hall
        .save_exception(&crate::common::staff(&h.hall).await, e)
        .await
        .unwrap();
    assert_eq!(
        (saved.kind, saved.source, saved.effective),
        (ExceptionKind::SpecialHours, ExceptionSource::Manual, true)
    );
    assert_eq!(saved.sessions, [Session::new("09:00", "15:00")]);
    // A second manual exception for the date replaces the first.
    let closed = h
        .hall
        .save_exception(
            &crate::common::staff(&h.hall).await,
            manual("2026-12-31", ExceptionKind::Closed),
        )
        .await
        .unwrap();
    let list = h.hall.exceptions(Some(2026)).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, closed.id);
    assert_eq!(
        h.hall.day_plan("2026-12-31").await.unwrap().kind,
        DayKind::Closed
    );
    h.hall
        .remove_exception(&crate::common::staff(&h.hall).await, closed.id)
        .await
        .unwrap();
    assert_eq!(
        h.hall.day_plan("2026-12-31").await.unwrap().kind,
        DayKind::Weekly
    );
    assert!(matches!(
        h.hall
            .remove_exception(&crate::common::staff(&h.hall).await, closed.id)
            .await,
        Err(Error::UnknownException(_))
    ));
}

#[tokio::test]
async fn bad_exceptions_are_refused_and_nothing_written() {
    let h = hall().await;
    let mut no_sessions = manual("2026-12-31", ExceptionKind::SpecialHours);
    no_sessions.sessions.clear();
    let mut overlapping = manual("2026-12-31", ExceptionKind::SpecialHours);
    overlapping.sessions = vec![
        Session::new("09:00", "12:00"),
        Session::new("10:00", "11:00"),
    ];
    let mut long_note = manual("2026-12-31", ExceptionKind::Closed);
    long_note.note = "x".repeat(101);
    for (input, code) in [
        (manual("2026-02-30", ExceptionKind::Closed), "invalid"),
        (manual("31.12.2026", ExceptionKind::Closed), "invalid"),
        (manual("1999-12-31", ExceptionKind::Closed), "invalid"),
        (no_sessions, "empty"),
        (overlapping, "sessions_overlap"),
        (long_note, "too_long"),
    ] {
        assert_eq!(
            h.hall
                .save_exception(&crate::common::staff(&h.hall).await, input)
                .await
                .unwrap_err()
                .code(),
            code
        );
    }
    assert!(exception_rows(&h).await.is_empty());
    let err = h
        .hall
        .save_exception(&crate::common::staff(&h.hall).await, {
            let mut e = manual("2026-12-31", ExceptionKind::SpecialHours);
            e.sessions = vec![Session::new("15:00", "09:00")];
            e
        })
        .await
        .unwrap_err();
    assert_eq!(
        serde_json::to_value(&err).unwrap()["params"]["day"],
        "2026-12-31"
    );
}

#[tokio::test]
async fn the_2026_holiday_file_imports() {
    let h = hall().await;
    assert!(!h.hall.has_holiday_data(2026).await.unwrap());
    let summary = h
        .hall
        .import_holidays(&crate::common::staff(&h.hall).await, FIXTURE)
        .await
        .unwrap();
    assert_eq!(
        (
            summary.year,
            summary.closed,
            summary.workdays,
            summary.replaced
        ),
        (2026, 33, 6, 0)
    );
    assert!(h.hall.has_holiday_data(2026).await.unwrap());
    assert!(!h.hall.has_holiday_data(2027).await.unwrap());
    // The clock stands in November 2026: next year has no data yet, settings warns.
    let cov = h.hall.holiday_coverage().await.unwrap();
    assert_eq!(
        (
            cov.current_year,
            cov.current_year_has_data,
            cov.next_year,
            cov.next_year_has_data
        ),
        (2026, true, 2027, false)
    );
    assert_eq!(cov.years, [2026]);

    let spring = h.hall.day_plan("2026-02-17").await.unwrap();
    assert_eq!(
        (spring.kind, spring.name.as_str()),
        (DayKind::Closed, "春节")
    );
    assert!(spring.sessions.is_empty());
    let makeup = h.hall.day_plan("2026-02-14").await.unwrap();
    assert_eq!(
        (makeup.kind, makeup.weekday, makeup.follows),
        (DayKind::Workday, DayOfWeek::Sat, Some(DayOfWeek::Mon))
    );
    assert_eq!(makeup.sessions.len(), 2);
    let list = h.hall.exceptions(Some(2026)).await.unwrap();
    assert_eq!(list.len(), 39);
    assert!(list.iter().all(|e| e.source == ExceptionSource::Imported
        && e.import_year == Some(2026)
        && e.effective));
}

#[tokio::test]
async fn a_manual_exception_beats_an_imported_one_and_survives_a_re_import() {
    let h = hall().await;
    h.hall
        .import_holidays(&crate::common::staff(&h.hall).await, FIXTURE)
        .await
        .unwrap();
    // The hall opens on 2 October although it is a public holiday.
    let mut open = manual("2026-10-02", ExceptionKind::SpecialHours);
    open.sessions = vec![Session::new("09:00", "12:00")];
    open.note = "国庆值班".into();
    h.hall
        .save_exception(&crate::common::staff(&h.hall).await, open)
        .await
        .unwrap();
    let day = h.hall.day_plan("2026-10-02").await.unwrap();
    assert_eq!(
        (day.kind, day.source),
        (DayKind::SpecialHours, Some(ExceptionSource::Manual))
    );
    let summary = h
        .hall
        .import_holidays(&crate::common::staff(&h.hall).await, FIXTURE)
        .await
        .unwrap();
    assert_eq!((summary.replaced, summary.overridden_by_manual), (39, 1));
    let day = h.hall.day_plan("2026-10-02").await.unwrap();
    assert_eq!(
        day.kind,
        DayKind::SpecialHours,
        "import never overwrites manual"
    );
    let both: Vec<_> = h
        .hall
        .exceptions(Some(2026))
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.date == "2026-10-02")
        .collect();
    assert_eq!(both.len(), 2);
    assert_eq!(
        (
            both[0].source,
            both[0].effective,
            both[1].source,
            both[1].effective
        ),
        (
            ExceptionSource::Manual,
            true,
            ExceptionSource::Imported,
            false
        )
    );
    // Removing the manual exception brings the holiday back.
    h.hall
        .remove_exception(&crate::common::staff(&h.hall).await, both[0].id)
        .await
        .unwrap();
    assert_eq!(
        h.hall.day_plan("2026-10-02").await.unwrap().kind,
        DayKind::Closed
    );
}

#[tokio::test]
async fn a_re_import_replaces_that_years_imported_days_only() {
    let h = hall().await;
    h.hall
        .import_holidays(&crate::common::staff(&h.hall).await, FIXTURE)
        .await
        .unwrap();
    h.hall
        .save_exception(
            &crate::common::staff(&h.hall).await,
            manual("2026-12-24", ExceptionKind::Closed),
        )
        .await
        .unwrap();
    let y2027 = r#"{"year": 2027, "papers": [], "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
    h.hall
        .import_holidays(&crate::common::staff(&h.hall).await, y2027)
        .await
        .unwrap();
    // A corrected 2026 file with New Year only.
    let short = r#"{"year": 2026, "papers": [], "days": [
        {"name": "元旦", "date": "2026-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2026-01-02", "isOffDay": true},
        {"name": "元旦", "date": "2026-01-03", "isOffDay": true},
        {"name": "元旦", "date": "2026-01-04", "isOffDay": false}]}"#;
    let s = h
        .hall
        .import_holidays(&crate::common::staff(&h.hall).await, short)
        .await
        .unwrap();
    assert_eq!((s.replaced, s.closed, s.workdays), (39, 3, 1));
    let rows = exception_rows(&h).await;
    let imported_2026 = rows
        .iter()
        .filter(|r| r.0.starts_with("2026") && r.2 == "imported")
        .count();
    assert_eq!(imported_2026, 4);
    assert!(rows.contains(&("2026-12-24".into(), "closed".into(), "manual".into())));
    assert!(rows.contains(&("2027-01-01".into(), "closed".into(), "imported".into())));
    assert_eq!(
        h.hall.day_plan("2026-10-01").await.unwrap().kind,
        DayKind::Weekly
    );
    assert_eq!(h.hall.holiday_coverage().await.unwrap().years, [2026, 2027]);
}

#[tokio::test]
async fn a_holiday_of_the_file_may_fall_in_the_year_before() {
    let h = hall().await;
    let y2023 = r#"{"year": 2023, "papers": [], "days": [
        {"name": "元旦", "date": "2022-12-31", "isOffDay": true},
        {"name": "元旦", "date": "2023-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2023-01-02", "isOffDay": true}]}"#;
    assert_eq!(
        h.hall
            .import_holidays(&crate::common::staff(&h.hall).await, y2023)
            .await
            .unwrap()
            .closed,
        3
    );
    assert_eq!(
        h.hall.day_plan("2022-12-31").await.unwrap().kind,
        DayKind::Closed
    );
    assert!(h.hall.has_holiday_data(2023).await.unwrap());
    assert!(!h.hall.has_holiday_data(2022).await.unwrap());
}

#[tokio::test]
async fn bad_holiday_files_are_refused_and_nothing_written() {
    let h = hall().await;
    h.hall
        .import_holidays(&crate::common::staff(&h.hall).await, FIXTURE)
        .await
        .unwrap();
    let before = exception_rows(&h).await;
    let day = |date: &str| format!(r#"{{"name": "元旦", "date": "{date}", "isOffDay": true}}"#);
    let file = |year: &str, days: &[String]| {
        format!(
            r#"{{"year": {year}, "papers": [], "days": [{}]}}"#,
            days.join(",")
        )
    };
    let cases = [
        ("not json at all".to_string(), "not_json"),
        (FIXTURE[..FIXTURE.len() / 2].to_string(), "not_json"),
        (r#"{"year": 2026}"#.to_string(), "format"),
        (r#"{"year": "2026", "days": []}"#.to_string(), "format"),
        (
            r#"{"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01"}]}"#.to_string(),
            "format",
        ),
        (file("2026", &[]), "no_days"),
        (file("1999", &[day("1999-01-01")]), "year"),
        (file("2026", &[day("2026-13-01")]), "bad_date"),
        (file("2026", &[day("01/01/2026")]), "bad_date"),
        (file("2026", &[day("2028-01-01")]), "date_outside_year"),
        (file("2026", &[day("2026-01-01"), day("2026-01-01")]), "duplicate_date"),
        (
            file(
                "2026",
                &[r#"{"name": "一二三四五六七八九十一二三四五六七八九十一", "date": "2026-01-01", "isOffDay": true}"#.to_string()],
            ),
            "bad_name",
        ),
        (" ".repeat(600 * 1024), "too_large"),
    ];
    for (json, reason) in cases {
        let err = h
            .hall
            .import_holidays(&crate::common::staff(&h.hall).await, &json)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "bad_holiday_file");
        match &err {
            Error::BadHolidayFile { reason: r, detail } => {
                assert_eq!(*r, reason, "{detail}");
                assert!(detail.chars().count() <= 40);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            exception_rows(&h).await,
            before,
            "{reason}: nothing written"
        );
    }
    let json = serde_json::to_value(
        h.hall
            .import_holidays(&crate::common::staff(&h.hall).await, "{\n  \"year\": ")
            .await
            .unwrap_err(),
    )
    .unwrap();
    assert_eq!(json["params"]["reason"], "not_json");
    assert_eq!(json["params"]["detail"], "line 2 column 10");
}

#[tokio::test]
async fn a_settings_change_is_published() {
    let h = hall().await;
    let mut rx = h.hall.subscribe();
    h.hall
        .save_schedule_settings(
            &crate::common::staff(&h.hall).await,
            ScheduleSettings::default(),
        )
        .await
        .unwrap();
    let kinds: Vec<String> = std::iter::from_fn(|| rx.try_recv().ok())
        .map(|e| {
            serde_json::to_value(e).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["config", "status"]);
}

/// A data folder whose database stops at migration 0009, as a hall installed before the
/// schedule's settings became one JSON row; `old_rows` is run on it before it is closed.
async fn folder_before_0010(old_rows: &[&str]) -> crate::common::DataDir {
    let dir = crate::common::data_dir();
    let path = dir.path().join(frontdesk_core::store::DB_FILE);
    let pool = sqlx::SqlitePool::connect_with(frontdesk_core::store::connect_options(&path))
        .await
        .unwrap();
    let mut before = sqlx::migrate!("./migrations");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version < 10)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&pool).await.unwrap();
    for sql in old_rows {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    dir
}

#[tokio::test]
async fn migration_0010_moves_the_old_schedule_rows_into_one_json_row() {
    let dir = folder_before_0010(&[
        "DELETE FROM plan_sessions",
        // Tuesday 08:30-12:00 and 13:00-24:00, Saturday 09:00-11:00, written out of order.
        "INSERT INTO plan_sessions(weekday, start_min, end_min)
         VALUES (2, 780, 1440), (2, 510, 720), (6, 540, 660)",
        "INSERT INTO settings(key, value) VALUES
            ('schedule.early_open_minutes', '25'), ('schedule.reminder_minutes', '30'),
            ('schedule.issue_during_lunch', '1'), ('schedule.makeup_follows', '6'),
            ('schedule.guidance_text', '今日取号已截止，请用“交管12123”'),
            ('schedule.guidance_text_en', 'Closed \"today\"')",
    ])
    .await;
    let clock = std::sync::Arc::new(frontdesk_core::ManualClock::new(beijing(
        2026, 11, 30, 9, 5, 0,
    )));
    let hall = frontdesk_testing::open_hall(dir.path(), clock)
        .await
        .unwrap();

    let week = WeekPlan {
        tue: vec![
            Session::new("08:30", "12:00"),
            Session::new("13:00", "24:00"),
        ],
        sat: vec![Session::new("09:00", "11:00")],
        ..WeekPlan::default()
    };
    let expected = ScheduleSettings {
        week,
        early_open_minutes: 25,
        reminder_minutes: 30,
        issue_during_lunch: true,
        makeup_follows: DayOfWeek::Sat,
        guidance_text: "今日取号已截止，请用“交管12123”".into(),
        guidance_text_en: "Closed \"today\"".into(),
        // Never written before the migration: keeps its default.
        ..ScheduleSettings::default()
    };
    assert_eq!(hall.schedule_settings().await.unwrap(), expected);

    let (old_rows, plan_table): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM settings WHERE key LIKE 'schedule.%'),
                (SELECT COUNT(*) FROM sqlite_master WHERE name = 'plan_sessions')",
    )
    .fetch_one(hall.pool())
    .await
    .unwrap();
    assert_eq!((old_rows, plan_table), (0, 0));

    // The plan runs as before: Tuesday 2026-12-01 at 23:30 is inside 13:00-24:00.
    let tt = hall.timetable().await.unwrap();
    let st = tt.status(beijing(2026, 12, 1, 23, 30, 0), 0, 0, &[]);
    assert!(st.issuing_open, "{st:?}");
}

#[tokio::test]
async fn migration_0010_keeps_a_plain_hall_on_the_defaults() {
    let dir = folder_before_0010(&[]).await;
    let clock = std::sync::Arc::new(frontdesk_core::ManualClock::new(beijing(
        2026, 11, 30, 9, 5, 0,
    )));
    let hall = frontdesk_testing::open_hall(dir.path(), clock)
        .await
        .unwrap();
    assert_eq!(
        hall.schedule_settings().await.unwrap(),
        ScheduleSettings::default()
    );
}

#[tokio::test]
async fn a_field_missing_from_the_stored_row_keeps_its_default() {
    let h = hall().await;
    let mut saved = ScheduleSettings::always_open();
    saved.reminder_minutes = 45;
    h.hall
        .save_schedule_settings(&staff(&h.hall).await, saved.clone())
        .await
        .unwrap();
    // As if the row had been written before `reminder_minutes` existed.
    sqlx::query(
        "UPDATE settings SET value = json_remove(value, '$.reminder_minutes')
         WHERE key = 'schedule'",
    )
    .execute(h.hall.pool())
    .await
    .unwrap();
    let loaded = h.hall.schedule_settings().await.unwrap();
    assert_eq!(
        loaded.reminder_minutes,
        ScheduleSettings::default().reminder_minutes
    );
    assert_eq!(loaded.week, saved.week);
}
