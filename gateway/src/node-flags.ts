/**
 * V8 flags a gateway node runs with (the systemd unit in infra/src/constructs/gateway-user-data.ts,
 * and the bench's gateway nodes). A node's garbage is short-lived (frames, parsed bus events), but
 * start-up and a burst of connects fill the young generation, which then stays at its 16 MiB per
 * semi-space maximum: 32 MiB of a 132 MiB idle node were an empty new space. 2 MiB semi-spaces
 * keep it at 4 MiB; scavenges get more frequent and shorter (docs/performance.md, "Memory").
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
