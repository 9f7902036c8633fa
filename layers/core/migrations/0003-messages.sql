-- Message history. Each conversation numbers its messages 1, 2, 3… with no gap: message_counters
-- holds the last seq handed out, and the appending transaction bumps it (locking the row until it
-- commits) and inserts the message, so a seq exists only together with its message.
-- No foreign keys: conversations live in another migration and may move to another database.

CREATE TABLE message_counters (
  conversation_id text PRIMARY KEY,
  last_seq        integer NOT NULL CHECK (last_seq > 0)
);

CREATE TABLE messages (
  conversation_id text NOT NULL,
  seq             integer NOT NULL CHECK (seq > 0),
  id              text NOT NULL,
  sender_id       text NOT NULL,
  client_msg_id   text NOT NULL,
  text            text,
  attachments     jsonb NOT NULL DEFAULT '[]',
  mentions        jsonb NOT NULL DEFAULT '[]',
  reply_to_seq    integer,
  -- emoji → user ids in reaction order
  reactions       jsonb NOT NULL DEFAULT '{}',
  -- previous texts, oldest first: [{"text": …, "editedAt": …}]
  edits           jsonb NOT NULL DEFAULT '[]',
  created_at      timestamptz NOT NULL,
  edited_at       timestamptz,
  deleted_at      timestamptz,
  -- moves on every change, for sync (changedSince)
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  -- Idempotent sends, forever: a retried clientMsgId finds the original.
  CONSTRAINT messages_client_msg_key UNIQUE (conversation_id, sender_id, client_msg_id),
  CONSTRAINT messages_id_key UNIQUE (id),
  CONSTRAINT messages_tombstone_check CHECK (deleted_at IS NULL OR (text IS NULL AND attachments = '[]'))
);
CREATE INDEX messages_changed_idx ON messages (conversation_id, updated_at);
