-- @mentions, written by the mention worker (queue-mention-detect). One row per mentioned user per
-- message; the primary key makes re-processing a message insert nothing. Unread counts are
-- derived from these rows and the member's read marker (Redis holds a cache of them).

CREATE TABLE mentions (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             integer NOT NULL CHECK (seq > 0),
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sender_id       text NOT NULL,
  message_id      text NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, seq, user_id)
);
-- GET /v1/mentions: a user's mentions, newest first (keyset paging on the whole sort key).
CREATE INDEX mentions_user_recent_idx ON mentions (user_id, created_at DESC, conversation_id DESC, seq DESC);
-- Unread counts: a user's mentions in a conversation above their read marker.
CREATE INDEX mentions_user_conversation_idx ON mentions (user_id, conversation_id, seq);
