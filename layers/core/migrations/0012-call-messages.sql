-- Calls in the timeline (issue 13): an ended call leaves one message whose `call` holds its record
-- (kind, end reason, duration, participants); NULL on every message people write.
ALTER TABLE messages ADD COLUMN call jsonb;

-- Call statistics for every provider, the embedded `local` one included, with the provider's
-- quality figures as reported (Stream's stats report counts; none for ARTC and local).
ALTER TABLE call_stats DROP CONSTRAINT call_stats_provider_check;
ALTER TABLE call_stats ADD CONSTRAINT call_stats_provider_check CHECK (provider IN ('getstream', 'artc', 'local'));
ALTER TABLE call_stats ADD COLUMN quality jsonb;
