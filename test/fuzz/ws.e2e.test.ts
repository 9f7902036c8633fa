import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFrame } from '../../gateway/src/protocol.js';
import type { RunningCloud } from '../support/local-cloud.js';
import { startFuzzCloud } from './cloud.js';
import { registerViaRest, rest, type RestUser } from '../support/rest.js';
import { WsClient, type CloseInfo } from '../support/ws-client.js';
import { fromSchema, hostileValue, mutate, type JsonSchema, type Known } from './arbitraries.js';
import { bodyBytes } from './http-wire.js';
import { check, runs, seed } from './seed.js';

/**
 * Issue 11 §2 for the WebSocket: every client frame type of chat.v1, generated from the gateway's
 * own frame schema plus hostile mutations, sent through the local cloud's /ws. Properties: never an
 * `internal` error frame and every error frame in the error shape; the socket stays usable or is
 * closed with a protocol code; a rejected send stores nothing; a fresh socket works afterwards.
 */
type WsInput = { text: string } | { bytes: Buffer; binary: boolean };

// 4102: not JSON, unknown type, binary, too large. 1007: invalid UTF-8 in a text frame (ws itself).
const PROTOCOL_CLOSES = new Set([4102, 1007]);
const schema = z.toJSONSchema(clientFrame, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
const byType = new Map(schema.oneOf!.map((s) => [s.properties!.type!.const as string, s]));

/** Counterexamples print frames clipped (a 300 KB frame as bytes would bury the report). */
const printable = (input: WsInput): WsInput => {
  const text = 'text' in input ? input.text : `${input.binary ? 'binary' : 'text bytes'} ${JSON.stringify(input.bytes.toString('latin1'))}`;
  return Object.assign(input, { [fc.toStringMethod]: () => (text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text) });
};

function framesOf(value: fc.Arbitrary<unknown>): fc.Arbitrary<WsInput> {
  return fc
    .oneof(
      { weight: 5, arbitrary: value.map((v) => ({ text: JSON.stringify(v) ?? 'null' })) },
      // The byte breakers of the HTTP fuzz: invalid UTF-8, prototype keys, truncation, depth, size.
      bodyBytes(value).map((bytes) => ({ bytes, binary: false })),
      value.map((v) => ({ bytes: Buffer.from(JSON.stringify(v) ?? 'null'), binary: true })),
    )
    .map(printable);
}

describe(`WebSocket fuzz (FUZZ_SEED=${seed})`, () => {
  let cloud: RunningCloud;
  let url: string;
  let ann: RestUser;
  let ben: RestUser;
  let group: string;
  let direct: string;
  let known: Known;

  beforeAll(async () => {
    cloud = await startFuzzCloud();
    url = `ws://127.0.0.1:${cloud.port}/ws`;
    [ann, ben] = [await registerViaRest(cloud.url, 'wsfuzz_ann'), await registerViaRest(cloud.url, 'wsfuzz_ben')];
    const as = (method: string, path: string, body?: unknown) => rest(cloud.url, method, path, { token: ann.token, body });
    group = (await as('POST', '/v1/conversations', { type: 'group', title: 'Fuzz', memberIds: [ben.id] })).json.conversation.id;
    direct = (await as('POST', '/v1/conversations', { type: 'direct', userId: ben.id })).json.conversation.id;
    await as('POST', `/v1/conversations/${group}/messages`, { clientMsgId: 'seed-1', text: 'one' });
    known = { conversationId: [group, direct], positions: [group, direct], seq: [0, 1, 2], replyToSeq: [1], clientMsgId: ['seed-1'] };
  }, 90_000);

  afterAll(async () => {
    if (cloud && cloud.process.exitCode === null) await cloud.stop();
  });

  /** Ids of every message the fuzz user can see. */
  async function stored(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const c of [group, direct]) {
      const page = await rest(cloud.url, 'GET', `/v1/conversations/${c}/messages?limit=200`, { token: ann.token });
      for (const m of page.json.items as { id: string }[]) ids.add(m.id);
    }
    return ids;
  }

  /** Sends a run's frames on one socket and checks the properties; returns whether it closed. */
  async function exercise(client: WsClient, inputs: WsInput[]): Promise<CloseInfo | undefined> {
    const from = client.frames.length;
    const before = await stored();
    let closed: CloseInfo | undefined;
    void client.closed.then((info) => (closed = info));
    for (const input of inputs) {
      if (!client.isOpen()) break;
      if ('text' in input) client.ws.send(input.text);
      else client.ws.send(input.bytes, { binary: input.binary });
    }
    if (client.isOpen()) {
      // A probe: the socket must still answer (a pong, or a rate-limit error for the probe itself).
      const ref = client.send({ type: 'ping' });
      const probe = client.waitFor((f) => f.ref === ref && (f.type === 'pong' || f.type === 'error'), 10_000, 'the probe pong').then((r) => r.frame);
      const outcome = await Promise.race([probe, client.closed]);
      if ('type' in outcome && outcome.type === 'error' && outcome.error.code !== 'rate_limited')
        throw new Error(`probe ping answered ${JSON.stringify(outcome)}`);
    }
    const received = client.frames.slice(from).filter((r) => r.socket === client.socket);
    for (const { frame } of received) {
      if (frame.type !== 'error') continue;
      const shape = z.object({ code: z.string().min(1), message: z.string(), details: z.array(z.object({ field: z.string().optional(), issue: z.string() })) });
      if (!shape.safeParse(frame.error).success) throw new Error(`error frame not in the error shape: ${JSON.stringify(frame)}`);
      if (frame.error.code === 'internal') throw new Error(`internal error frame: ${JSON.stringify(frame)}`);
    }
    if (closed && !PROTOCOL_CLOSES.has(closed.code)) throw new Error(`closed with ${closed.code} ${closed.reason}`);
    // A send read before a frame that closed the socket is stored, its ack lost with the socket
    // (the client retries by clientMsgId); nothing after that frame is acted on (backpressure.test.ts).
    if (closed) return closed;
    // Sends run in order behind the chat service, so their acks may come after the probe's pong.
    const added = [...(await stored())].filter((id) => !before.has(id));
    for (const id of added) {
      const ack = client.waitFor((f) => f.type === 'ack' && f.message.id === id, 3_000, `the ack of stored message ${id}`, from);
      await ack.catch(() => {
        throw new Error(`message ${id} stored without an ack (a rejected send stored something)`);
      });
    }
    return closed;
  }

  const cases = [...byType.keys()].map((type) => [type] as const);
  it.each([...cases, ['any frame'] as const])(
    '%s',
    async (type) => {
      const one = byType.get(type);
      const valid = one ? fromSchema(one, known) : fc.oneof(...[...byType.values()].map((s) => fromSchema(s, known)));
      const typed = fc
        .tuple(fc.constantFrom(type, 'Ping', 'message.new', '', '__proto__'), hostileValue)
        .map(([t, v]) => ({ ...(v && typeof v === 'object' ? v : { v }), type: t }));
      const value = one ? fc.oneof({ weight: 3, arbitrary: valid }, mutate(valid)) : fc.oneof(valid, mutate(valid), hostileValue, typed);
      const client = await WsClient.connect(url, ann.token, 'fuzz');
      let used = 0;
      await check(fc.array(framesOf(value), { minLength: 1, maxLength: 3 }), runs(one ? 30 : 60), async (inputs) => {
        // A fresh socket when closed, and every few runs (a fresh rate-limit bucket: 60 frames of burst).
        if (!client.isOpen() || ++used % 12 === 0) await client.reconnect(url);
        await exercise(client, inputs);
      });
      await client.close();
    },
    60_000,
  );

  it('a fresh socket of a new user pings, sends and is stored', async () => {
    const cat = await registerViaRest(cloud.url, 'wsfuzz_cat');
    const created = await rest(cloud.url, 'POST', '/v1/conversations', { token: cat.token, body: { type: 'group', title: 'After', memberIds: [] } });
    const client = await WsClient.connect(url, cat.token, 'after');
    const ref = client.send({ type: 'ping' });
    await client.waitFor((f) => f.type === 'pong' && f.ref === ref);
    const ack = await client.request({ type: 'message.send', conversationId: created.json.conversation.id, clientMsgId: 'after-1', text: 'still here' });
    expect(ack.frame.type).toBe('ack');
    const history = await rest(cloud.url, 'GET', `/v1/conversations/${created.json.conversation.id}/messages`, { token: cat.token });
    expect(history.json.items.map((m: { text: string }) => m.text)).toEqual(['still here']);
    await client.close();
    expect(cloud.process.exitCode).toBeNull();
  });
});
