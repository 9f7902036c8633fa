-- The cleanup timer's hourly look for images whose processing job was lost (MediaStore.unprocessed):
-- a handful of rows at any time, so a partial index keeps the query off the whole table.
CREATE INDEX media_unprocessed_idx ON media (updated_at) WHERE state = 'ready' AND processed_at IS NULL AND deleted_at IS NULL;
