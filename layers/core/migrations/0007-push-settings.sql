-- Do-not-disturb (quiet hours) per user: wall-clock times in an IANA time zone, so the window
-- follows daylight saving. Either all three are set or none (no quiet hours).
ALTER TABLE users
  ADD COLUMN dnd_start     text CHECK (dnd_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ADD COLUMN dnd_end       text CHECK (dnd_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ADD COLUMN dnd_time_zone text,
  ADD CONSTRAINT users_dnd_all_or_none CHECK (
    (dnd_start IS NULL AND dnd_end IS NULL AND dnd_time_zone IS NULL)
    OR (dnd_start IS NOT NULL AND dnd_end IS NOT NULL AND dnd_time_zone IS NOT NULL AND dnd_start <> dnd_end)
  );
