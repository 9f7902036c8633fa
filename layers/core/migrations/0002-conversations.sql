-- Conversations and memberships. Message history lives in the MessageStore (MongoDB in the cloud).

CREATE TABLE conversations (
  id                text PRIMARY KEY,
  type              text NOT NULL CHECK (type IN ('direct', 'group')),
  title             text,
  -- 'a:b' with the two user ids sorted; makes "one direct conversation per pair" a constraint.
  direct_key        text UNIQUE,
  created_by        text NOT NULL REFERENCES users (id),
  created_at        timestamptz NOT NULL,
  last_seq          bigint NOT NULL DEFAULT 0,
  last_activity_at  timestamptz NOT NULL,
  allow_mention_all boolean NOT NULL DEFAULT false,
  CHECK ((type = 'direct') = (direct_key IS NOT NULL))
);

-- Rows are kept when a member leaves (left_at set) so sync can report the removal.
CREATE TABLE conversation_members (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  joined_at       timestamptz NOT NULL,
  left_at         timestamptz,
  read_seq        bigint NOT NULL DEFAULT 0,
  read_at         timestamptz,
  muted           boolean NOT NULL DEFAULT false,
  changed_at      timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user_idx ON conversation_members (user_id) WHERE left_at IS NULL;
CREATE INDEX conversation_members_changed_idx ON conversation_members (user_id, changed_at);
CREATE INDEX conversations_activity_idx ON conversations (last_activity_at DESC, id DESC);
