import type { Duplex } from 'node:stream';

/**
 * Holds client socket writes until the event loop has run the I/O callbacks that were ready, so the
 * frames one socket gets meanwhile leave in one `writev`. Under load the bus hands over many events
 * per loop turn and the hub fans each out at once; a syscall per frame per socket was half of a
 * node's CPU time. At low load a turn carries one event, so nothing waits longer than before.
 *
 * Held bytes count in the socket's buffered length, which the slow-consumer bound checks; so that
 * holding alone never trips it for a client that reads, a socket with `maxHeldBytes` held is
 * written out at once.
 */
export class WriteBatch {
  /** Socket → bytes held since it was corked. */
  private held = new Map<Duplex, number>();

  constructor(private readonly maxHeldBytes: number) {}

  /** Call before writing `bytes` to `socket`. */
  hold(socket: Duplex, bytes: number): void {
    const held = this.held.get(socket);
    if (held === undefined) {
      socket.cork();
      this.held.set(socket, bytes);
      if (this.held.size === 1) setImmediate(this.release);
    } else if (held + bytes > this.maxHeldBytes) {
      socket.uncork();
      socket.cork();
      this.held.set(socket, bytes);
    } else {
      this.held.set(socket, held + bytes);
    }
  }

  private readonly release = (): void => {
    const held = this.held;
    this.held = new Map();
    for (const socket of held.keys()) socket.uncork();
  };
}
