import { GATEWAY_NODE_FLAGS } from '../../../gateway/src/node-flags.js';

export interface GatewayUserDataProps {
  nodeVersion: string;
  nodeDistUrl: string;
  /** URL of the gateway build (`npm run build` → dist/gateway.tar.gz, whose root holds `entry` and its chunks). */
  artifactUrl: string;
  entry: string;
  port: number;
  /** Non-secret settings written to /etc/chat-gateway/env (may contain ROS tokens). */
  env: Readonly<Record<string, string>>;
}

/**
 * Cloud-init user data for a gateway node (Alibaba Cloud Linux 3, x86_64): installs Node.js from
 * the official binary tarball, unpacks the gateway, and runs it under systemd.
 *
 * Configuration is read from two files: /etc/chat-gateway/env (written here, non-secret) and
 * /etc/chat-gateway/secrets.env (REDIS_URL, JWKS_URL or JWT_SIGNING_KEYS; provisioned by the operator,
 * e.g. with Cloud Assistant, so secrets never sit in the template or the instance user data).
 * systemd restarts the unit until secrets.env exists and the process stays up. Node runs with the
 * gateway's V8 flags (gateway/src/node-flags.ts, which the bench uses too) on the built JavaScript,
 * not under tsx (docs/adr/0022).
 */
export function gatewayUserData(p: GatewayUserDataProps): string {
  const envLines = Object.entries({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: String(p.port), ...p.env })
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  return `#!/bin/bash
set -euo pipefail
NODE_VERSION='${p.nodeVersion}'
curl -fsSL --retry 5 "${p.nodeDistUrl}/v$NODE_VERSION/node-v$NODE_VERSION-linux-x64.tar.gz" \\
  | tar -xz -C /usr/local --strip-components=1
id chat >/dev/null 2>&1 || useradd --system --home-dir /opt/chat-gateway --shell /sbin/nologin chat
mkdir -p /opt/chat-gateway /etc/chat-gateway
curl -fsSL --retry 5 '${p.artifactUrl}' | tar -xz -C /opt/chat-gateway
chown -R root:root /opt/chat-gateway
cat > /etc/chat-gateway/env <<'EOF'
${envLines}
EOF
echo "GATEWAY_NODE_NAME=$(hostname)" >> /etc/chat-gateway/env
touch /etc/chat-gateway/secrets.env
chown root:chat /etc/chat-gateway/secrets.env
chmod 0640 /etc/chat-gateway/secrets.env
cat > /etc/systemd/system/chat-gateway.service <<'EOF'
[Unit]
Description=chat WebSocket gateway
Wants=network-online.target
After=network-online.target

[Service]
User=chat
WorkingDirectory=/opt/chat-gateway
EnvironmentFile=/etc/chat-gateway/env
EnvironmentFile=/etc/chat-gateway/secrets.env
ExecStart=/usr/local/bin/node ${GATEWAY_NODE_FLAGS.join(' ')} /opt/chat-gateway/${p.entry}
Restart=always
RestartSec=5
KillSignal=SIGTERM
TimeoutStopSec=30
LimitNOFILE=1048576
NoNewPrivileges=true
ProtectSystem=full
PrivateTmp=true

[Install]
WantedBy=multi-user.target
EOF
systemctl daemon-reload
systemctl enable --now chat-gateway.service
`;
}
