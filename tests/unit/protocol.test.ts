import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "../../shared/zod";
import { ClientMessageSchema, PROTOCOL_VERSION, ServerMessageSchema } from "../../shared";

/**
 * The wire as the hub and clients agree on it. The change log and the idempotency outcomes store wire
 * JSON and replay it verbatim, so a schema change that is not a new PROTOCOL_VERSION would feed old
 * clients messages they cannot read. Changing a message means bumping the version and pinning its hash.
 */
const PINNED: Record<number, string> = {
  1: "f83ec4bf5501a21e536643d3f355ece00aa78622afd9709e746e512aeac6926f",
  // The door board: doors and visits in the snapshot and diffs, door sweeps' refusals by door.
  2: "1933a586d4489701363990d6e7cec66baf7a4362e45fa76b4a8b38944154d271",
  // Presence as deltas: a joining socket gets the list once, the others only who joined and left.
  3: "a8d6b79bc22ca31999e5b38d4f773ea622bb8414640a4b919cbbb0149480bb0a",
  // Alerts: the active ones in the snapshot, raises, acknowledgements and clears in diffs; cars' movedAt,
  // doors' since and visits' progressAt (what the rules count from).
  4: "d1dfc8c3b352abd24ef7fe9ce2e90aa91adb01d2d7638a4eb4f22920e65aa32d",
  // Operators: a building's rename and archive (a facility's name and archived flag), and scans marked as such.
  5: "4eaee81d23a139de3b200737ec9604dfccf55336470f6c4379f0dad84ff62649",
  // Presence counts everyone by role and names the first few: a reconnect storm is no longer O(N²) bytes.
  6: "847fa381e4c4daeaedec310bbebb93c8d065494b7894e19fc38e33953d738e7d",
  // A refusal carries its words (an English template and its values), so a screen shows it in its own language.
  7: "cff00310c626299ab8d5fd431aa93b2f0da67a689d4a2aebf27463ffd944e2e2",
};

function wireHash(client: z.ZodMiniType = ClientMessageSchema, server: z.ZodMiniType = ServerMessageSchema): string {
  const options = { unrepresentable: "any" } as const;
  const wire = { client: z.toJSONSchema(client, options), server: z.toJSONSchema(server, options) };
  return createHash("sha256").update(JSON.stringify(wire)).digest("hex");
}

describe("the wire is pinned to its protocol version", () => {
  it("hashes the client and server message schemas to the value pinned for this version", () => {
    expect(PINNED[PROTOCOL_VERSION], "pin the new version's hash in tests/unit/protocol.test.ts").toBe(wireHash());
  });

  it("notices one optional field added to one message", () => {
    const [first, ...rest] = ServerMessageSchema.def.options;
    const changed = z.discriminatedUnion("type", [z.extend(first, { extra: z.optional(z.string()) }), ...rest]);
    expect(wireHash(ClientMessageSchema, changed)).not.toBe(wireHash());
  });
});
