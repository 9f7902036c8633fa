-- A user may let direct (1:1) calls ring through their do-not-disturb hours (issue 13).
ALTER TABLE users ADD COLUMN dnd_allows_direct_calls boolean NOT NULL DEFAULT false;
