-- Aggregates written by the analytics worker (queue-analytics-record).

-- Messages per conversation per UTC day.
CREATE TABLE message_volume (
  conversation_id text NOT NULL,
  day             date NOT NULL,
  messages        integer NOT NULL CHECK (messages >= 0),
  PRIMARY KEY (conversation_id, day)
);

-- The messages already counted, so a job processed twice (a ledger entry lost, a replayed outbox)
-- never counts one message twice. Rows only need to outlive redelivery; `day` lets an operator
-- prune old ones (DELETE … WHERE day < now() - interval '30 days') without touching the totals.
CREATE TABLE message_volume_counted (
  message_id text PRIMARY KEY,
  day        date NOT NULL
);
CREATE INDEX message_volume_counted_day_idx ON message_volume_counted (day);

-- One row per finished call; a repeated report of the same call overwrites it.
CREATE TABLE call_stats (
  call_id          text PRIMARY KEY,
  conversation_id  text NOT NULL,
  provider         text NOT NULL CHECK (provider IN ('getstream', 'artc')),
  kind             text NOT NULL CHECK (kind IN ('audio', 'video')),
  started_at       timestamptz NOT NULL,
  ended_at         timestamptz NOT NULL,
  participants     integer NOT NULL CHECK (participants >= 0),
  duration_seconds integer NOT NULL CHECK (duration_seconds >= 0),
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_stats_conversation_idx ON call_stats (conversation_id, started_at);
