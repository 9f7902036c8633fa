-- Media metadata (issue 12). Bytes live in the MediaStorage (OSS, or files under npm start); a
-- row points at its object by key. No foreign key to messages: they may live in MongoDB.
CREATE TABLE media (
  id              text PRIMARY KEY,
  owner_id        text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  file_name       text NOT NULL,
  declared_type   text NOT NULL,
  declared_size   bigint NOT NULL CHECK (declared_size > 0),
  content_type    text,
  size            bigint CHECK (size > 0),
  state           text NOT NULL CHECK (state IN ('pending', 'ready', 'rejected')),
  object_key      text NOT NULL,
  width           integer,
  height          integer,
  duration_ms     integer,
  thumbnail_key   text,
  processed_at    timestamptz,
  attached_to     text,
  deleted_at      timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK ((state = 'ready') = (content_type IS NOT NULL AND size IS NOT NULL))
);
CREATE INDEX media_pending_idx ON media (created_at) WHERE state = 'pending';
CREATE INDEX media_deleted_idx ON media (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX media_attached_idx ON media (conversation_id, owner_id, attached_to) WHERE attached_to IS NOT NULL;
