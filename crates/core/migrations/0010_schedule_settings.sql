-- The schedule's settings become one JSON row of `settings` under the key 'schedule', as
-- the booking ('booking') and display ('display') settings are: a setting added later needs
-- no migration and takes its default when read from an older row. The weekly plan moves
-- from `plan_sessions` into the row ("week": {"mon": [{"start": "09:00", "end": "12:00"}], …});
-- the scalar 'schedule.*' rows move into it under their own names, and a key that was never
-- written stays out of it (it keeps its default). Per-service cutoffs stay in
-- `service_cutoffs`: each row belongs to a service (ON DELETE CASCADE).

INSERT INTO settings(key, value)
SELECT 'schedule', json_patch(json_patch(
    json_object('week', json_object(
        'mon', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 1 ORDER BY start_min))),
        'tue', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 2 ORDER BY start_min))),
        'wed', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 3 ORDER BY start_min))),
        'thu', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 4 ORDER BY start_min))),
        'fri', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 5 ORDER BY start_min))),
        'sat', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 6 ORDER BY start_min))),
        'sun', json((SELECT json_group_array(json_object(
                    'start', printf('%02d:%02d', start_min / 60, start_min % 60),
                    'end', printf('%02d:%02d', end_min / 60, end_min % 60)))
                FROM (SELECT * FROM plan_sessions WHERE weekday = 7 ORDER BY start_min))))),
    -- A NULL member (no such row) is left out by json_patch.
    json_object(
        'early_open_minutes',
            (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'schedule.early_open_minutes'),
        'reminder_minutes',
            (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'schedule.reminder_minutes'),
        'opening_soon_minutes',
            (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'schedule.opening_soon_minutes'),
        'makeup_follows',
            (SELECT CASE CAST(value AS INTEGER) WHEN 1 THEN 'mon' WHEN 2 THEN 'tue' WHEN 3 THEN 'wed'
                    WHEN 4 THEN 'thu' WHEN 5 THEN 'fri' WHEN 6 THEN 'sat' WHEN 7 THEN 'sun' END
             FROM settings WHERE key = 'schedule.makeup_follows'),
        'guidance_text',
            (SELECT value FROM settings WHERE key = 'schedule.guidance_text'),
        'guidance_text_en',
            (SELECT value FROM settings WHERE key = 'schedule.guidance_text_en'))),
    -- Stored as '1' / '0'; a JSON boolean is written as JSON text for json_patch to parse.
    CASE (SELECT value FROM settings WHERE key = 'schedule.issue_during_lunch')
        WHEN '1' THEN '{"issue_during_lunch": true}'
        WHEN '0' THEN '{"issue_during_lunch": false}'
        ELSE '{}'
    END)
ON CONFLICT(key) DO UPDATE SET value = excluded.value;

DELETE FROM settings WHERE key LIKE 'schedule.%';
DROP TABLE plan_sessions;
