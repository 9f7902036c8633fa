type Command = { publish: { channel: string; data: unknown } };

/**
 * Publishes to Centrifugo through its HTTP server API, the way its backends publish: what one tick
 * of the publisher produces goes out as one `/api/batch` request per node (Centrifugo's own
 * batching), each channel always through the same node and the batch run in order, so a room's
 * messages keep their order as far as one publisher can keep it.
 */
export function centrifugoPublisher(
  api: { urls: string[]; key: string },
  track: { sent(): void; done(): void; failed(error: unknown): void },
): { publish(channel: string, data: unknown): void } {
  const pending: Command[][] = api.urls.map(() => []);
  const nodeOf = new Map<string, number>();
  let scheduled = false;
  const send = (url: string, commands: Command[]) => {
    track.sent();
    fetch(`${url}/api/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': api.key },
      body: JSON.stringify({ commands, parallel: false }),
    })
      .then(async (res) => {
        const body = (await res.json()) as { replies?: { error?: unknown }[]; error?: unknown };
        const error = body.error ?? body.replies?.find((r) => r.error)?.error;
        if (!res.ok || error) throw new Error(`centrifugo api: ${res.status} ${error ? JSON.stringify(error) : ''}`);
        track.done();
      })
      .catch(track.failed);
  };
  const flush = () => {
    scheduled = false;
    pending.forEach((commands, node) => {
      if (commands.length > 0) send(api.urls[node]!, commands.splice(0));
    });
  };
  return {
    publish(channel, data) {
      let node = nodeOf.get(channel);
      if (node === undefined) nodeOf.set(channel, (node = nodeOf.size % api.urls.length));
      pending[node]!.push({ publish: { channel, data } });
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(flush);
    },
  };
}
