/**
 * Client-side liveness: after `intervalMs` without any frame, send a `ping`; if nothing at all
 * arrives within `timeoutMs` after it, the socket is dead. Browsers answer the server's WebSocket
 * pings themselves but never tell the page, and a vanished network can leave a socket "open" for
 * minutes; this notices within interval + timeout.
 */
export class Keepalive {
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private deadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    /** Sends a ping; false when there is no open socket to send it on. */
    private readonly ping: () => boolean,
    private readonly dead: () => void,
  ) {}

  /** Something arrived (or the socket opened): restart the wait. */
  alive(): void {
    this.stop();
    this.pingTimer = setTimeout(() => {
      if (!this.ping()) return;
      this.deadTimer = setTimeout(this.dead, this.timeoutMs);
    }, this.intervalMs);
  }

  /** Pings now instead of after the interval (the network may have gone and come back). */
  probe(): void {
    this.stop();
    if (this.ping()) this.deadTimer = setTimeout(this.dead, this.timeoutMs);
  }

  stop(): void {
    clearTimeout(this.pingTimer);
    clearTimeout(this.deadTimer);
  }
}
