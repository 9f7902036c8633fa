import type { CallKind } from '../../domain/calls/call.js';
import type { CallCredentials, CallProvider, ProviderCallReport } from '../../ports/call-provider.js';

interface Room {
  kind: CallKind;
  memberIds: string[];
  inCall: Set<string>;
  ended: boolean;
}

/**
 * The embedded provider of `npm start`: calls between browsers on one machine, with no third party.
 * There is no media server: the browsers open WebRTC peer connections to each other, and their
 * offers, answers and ICE candidates travel over our own gateway as `call.signal` frames, relayed
 * only between the participants of the live call (gateway-calls.ts). On one machine host
 * candidates connect, so the credentials carry no ICE servers; a TURN server can be added here.
 *
 * The room is bookkeeping in this process: our REST join/leave (the call use cases) are the
 * lifecycle, as a cloud provider's webhooks are for theirs, so `report` tells what those said.
 */
export class LocalCallProvider implements CallProvider {
  readonly name = 'local' as const;
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly iceServers: { urls: string[] }[] = []) {}

  async createRoom(input: { providerCallId: string; kind: CallKind; createdBy: string; memberIds: string[] }): Promise<void> {
    if (this.rooms.has(input.providerCallId)) return;
    this.rooms.set(input.providerCallId, { kind: input.kind, memberIds: [...input.memberIds], inCall: new Set(), ended: false });
  }

  async credentials(input: { providerCallId: string; userId: string; ttlSeconds: number }): Promise<CallCredentials> {
    return { provider: 'local', callId: input.providerCallId, iceServers: this.iceServers.map((s) => ({ urls: [...s.urls] })) };
  }

  async end(providerCallId: string): Promise<void> {
    const room = this.rooms.get(providerCallId);
    if (!room) return;
    room.ended = true;
    room.inCall.clear();
  }

  async removeParticipant(providerCallId: string, userId: string): Promise<void> {
    this.rooms.get(providerCallId)?.inCall.delete(userId);
  }

  async report(providerCallId: string): Promise<ProviderCallReport> {
    const room = this.rooms.get(providerCallId);
    if (!room || room.ended) return { live: false, participants: [] };
    return { live: room.inCall.size > 0, participants: [...room.inCall] };
  }

  /** A browser joined (the join use case says so): what a cloud provider learns from its SDK. */
  joined(providerCallId: string, userId: string): void {
    const room = this.rooms.get(providerCallId);
    if (room && !room.ended) room.inCall.add(userId);
  }

  left(providerCallId: string, userId: string): void {
    this.rooms.get(providerCallId)?.inCall.delete(userId);
  }
}
