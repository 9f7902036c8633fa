/**
 * V8 flags a gateway node runs with (the systemd unit in infra/src/constructs/gateway-user-data.ts,
 * and the bench's gateway nodes). Node's default lets each semi-space grow to 16 MiB, and after
 * start-up and a connect burst the young generation stayed at that maximum: 32 MiB of a 132 MiB
 * idle node were an empty new space. 2 MiB semi-spaces fixed that but made a busy node scavenge
 * 3.5× as often and promote short-lived frames into the old space, which then needed major GCs
 * mid-step (docs/performance.md, "Semi-spaces of 8 MiB"). 8 MiB is the middle: a quarter of the
 * default's young generation, and GC time at 900–2,500 msg/s −55 % against 2 MiB.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
