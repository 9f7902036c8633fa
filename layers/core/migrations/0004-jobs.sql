-- Background jobs (DESIGN §7). `outbox`: jobs written in the same transaction as the message that
-- caused them and deleted once RabbitMQ confirmed them, so a broker outage delays jobs but never
-- loses them. `job_runs`: the workers' ledger, so a job delivered twice has its effect once.

CREATE TABLE outbox (
  job_id     text PRIMARY KEY,
  -- the message the job came with (conversation_id:seq)
  source     text NOT NULL,
  job        jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_created_idx ON outbox (created_at, job_id);

CREATE TABLE job_runs (
  job_id      text PRIMARY KEY,
  type        text NOT NULL,
  -- running: leased until lease_until; failed: released after a failed run; done: never again
  status      text NOT NULL CHECK (status IN ('running', 'failed', 'done')),
  lease_until timestamptz,
  finished_at timestamptz,
  CHECK ((status = 'done') = (finished_at IS NOT NULL))
);
-- Old rows are forgotten by age (JobLedger.forget).
CREATE INDEX job_runs_finished_idx ON job_runs (finished_at) WHERE status = 'done';
CREATE INDEX job_runs_lease_idx ON job_runs (lease_until) WHERE status <> 'done';
