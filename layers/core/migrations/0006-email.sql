-- E-mail notifications waiting for their delay (EMAIL_DELAY_SECONDS). The e-mail worker
-- (queue-email-send) adds one row per recipient and message; the flush timer (timer-email-flush)
-- sends one e-mail per (user, conversation) once the oldest row is due, or drops the rows the user
-- has read meanwhile. The primary key makes a repeated job add nothing.

CREATE TABLE email_pending (
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             integer NOT NULL CHECK (seq > 0),
  -- why this user hears of this message: mentioned, or e-mail for every message ('all')
  reason          text NOT NULL CHECK (reason IN ('mention', 'message')),
  due_at          timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  -- a flusher working on the row holds it until then; a crashed flusher's rows come back after it
  lease_until     timestamptz NOT NULL DEFAULT '-infinity',
  attempts        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, conversation_id, seq)
);
CREATE INDEX email_pending_due_idx ON email_pending (due_at);
