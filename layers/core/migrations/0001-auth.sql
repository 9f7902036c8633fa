-- Users, sessions with rotating refresh tokens, and push-device registrations.

CREATE TABLE users (
  id                  text PRIMARY KEY,
  username            text NOT NULL,
  email               text NOT NULL,
  display_name        text NOT NULL,
  password_hash       text NOT NULL,
  email_notifications text NOT NULL DEFAULT 'mentions' CHECK (email_notifications IN ('off', 'mentions', 'all')),
  push_enabled        boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- Case-insensitive uniqueness; the prefix search uses the same expression.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_username_prefix_idx ON users (lower(username) text_pattern_ops);

CREATE TABLE sessions (
  id             text PRIMARY KEY,
  user_id        text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  revoked_reason text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Only a SHA-256 of each refresh token is stored. A token is used once: refreshing marks it
-- rotated, and presenting a rotated token again revokes its whole session.
CREATE TABLE refresh_tokens (
  token_hash  text PRIMARY KEY,
  session_id  text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  rotated_at  timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE devices (
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  device_id  text NOT NULL,
  platform   text NOT NULL CHECK (platform IN ('android', 'ios', 'web')),
  push_token text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, device_id)
);
-- A push token belongs to one device at a time, so a phone that changes hands stops notifying the old owner.
CREATE UNIQUE INDEX devices_push_token_key ON devices (push_token);
