/**
 * What `io.to(room).emit(event, data)` on a node with `createShardedAdapter` SPUBLISHes (dynamic
 * subscription mode): socket.io-adapter's ClusterAdapter BROADCAST (type 3) of an EVENT packet
 * (type 2) for namespace `/`, as JSON, on the room's own shard channel. The emitter package only
 * speaks the classic adapter, so the bench's publisher sends this itself on a Redis Cluster.
 */
export const shardedRoomChannel = (room: string) => `socket.io#/#${room}#`;

export function shardedBroadcast(room: string, event: string, data: unknown): string {
  const packet = { type: 2, data: [event, data], nsp: '/' };
  return JSON.stringify({ uid: 'bench-emitter', nsp: '/', type: 3, data: { packet, opts: { rooms: [room], except: [], flags: {} } } });
}
