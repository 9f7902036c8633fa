-- Calls in the timeline (issue 13): an ended call leaves one message whose `call` holds its record
-- (kind, end reason, duration, participants); NULL on every message people write.
ALTER TABLE messages ADD COLUMN call jsonb;

-- A user may let direct (1:1) calls ring through their do-not-disturb hours.
ALTER TABLE users ADD COLUMN dnd_allows_direct_calls boolean NOT NULL DEFAULT false;

-- Call statistics for every provider, the embedded `local` one included, with the provider's
-- quality figures as reported (Stream's stats report counts; none for ARTC and local).
ALTER TABLE call_stats DROP CONSTRAINT call_stats_provider_check;
ALTER TABLE call_stats ADD CONSTRAINT call_stats_provider_check CHECK (provider IN ('getstream', 'artc', 'local'));
ALTER TABLE call_stats ADD COLUMN quality jsonb;
