-- Calls (issue 13). Participants live in the row (jsonb) so a state change and its participants
-- are one conditional UPDATE on `version`.
CREATE TABLE calls (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('audio', 'video')),
  provider         text NOT NULL CHECK (provider IN ('getstream', 'artc', 'local')),
  provider_call_id text NOT NULL,
  created_by       text NOT NULL,
  state            text NOT NULL CHECK (state IN ('ringing', 'active', 'ended')),
  participants     jsonb NOT NULL DEFAULT '[]',
  started_at       timestamptz NOT NULL,
  answered_at      timestamptz,
  ended_at         timestamptz,
  end_reason       text CHECK (end_reason IN ('completed', 'missed', 'declined', 'cancelled', 'failed')),
  quality          jsonb,
  version          integer NOT NULL DEFAULT 1,
  CHECK ((state = 'ended') = (end_reason IS NOT NULL AND ended_at IS NOT NULL))
);
-- One live call per conversation: a second start finds the first instead of racing it.
CREATE UNIQUE INDEX calls_live_per_conversation ON calls (conversation_id) WHERE state <> 'ended';
CREATE INDEX calls_history_idx ON calls (conversation_id, started_at DESC, id DESC);
CREATE INDEX calls_ringing_idx ON calls (started_at) WHERE state = 'ringing';
CREATE INDEX calls_missed_idx ON calls (started_at DESC, id DESC) WHERE end_reason = 'missed';
CREATE UNIQUE INDEX calls_provider_idx ON calls (provider, provider_call_id);
