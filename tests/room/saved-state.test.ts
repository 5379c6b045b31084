import { describe, expect, it, vi } from "vitest";
import { snapshotOfState } from "../../shared";
import type { Device } from "../../web/src/net/ports";
import {
  keepSaved,
  SAVE_DELAY_MS,
  SAVE_EVERY_MS,
  SAVE_HOLD_MAX_MS,
  SAVE_QUIET_MS,
} from "../../web/src/net/saved-state";
import { newClient } from "./engine-harness";
import { newRoom, update } from "./harness";

// What a handheld keeps of the board for opening offline (web/src/net/saved-state.ts), on the room's clock.

/** A device on the room's clock; `scroll()` is the person moving the list now. */
function deviceOn(t: ReturnType<typeof newRoom>): Device & { scroll(): void } {
  let scrolledAt = -Infinity;
  return {
    setTimeout: (fn, ms) => t.clock.setTimeout(fn, ms),
    now: () => t.clock.now(),
    online: () => true,
    exclusive: (_name, fn) => fn(),
    scrolledAt: () => scrolledAt,
    scroll: () => (scrolledAt = t.clock.now()),
  };
}

/** Kim's handheld keeping its board saved, and Sam's, which makes the changes; both live on one room. */
function kimSavingWhileSamChanges() {
  const t = newRoom();
  const kim = newClient(t, t.claims("crew", "kim"));
  const sam = newClient(t, t.claims("supervisor", "sam"));
  kim.link.connect();
  sam.link.connect();
  const device = deviceOn(t);
  const saving = keepSaved(kim.store, Promise.resolve(kim.taps), device);
  const savedSeq = () => kim.taps.saved?.snapshot.seq ?? null;
  return { t, kim, sam, device, saving, savedSeq };
}

describe("the board saved on the device", () => {
  it("is saved half a second after a change settles, at most every five seconds while changes keep coming, and at once when the page hides", async () => {
    const { t, kim, sam, saving, savedSeq } = kimSavingWhileSamChanges();
    const change = async (n: number) => {
      await sam.engine.send(update("128414", { late: n % 2 === 0 }));
      await vi.waitFor(() => expect(kim.state().confirmed?.seq).toBe(t.room.hub.seq));
    };

    await change(0);
    await t.clock.advance(SAVE_DELAY_MS - 1);
    expect(savedSeq()).toBeNull();
    await t.clock.advance(1);
    await vi.waitFor(() => expect(savedSeq()).toBe(1));

    // Five changes a second: the next save waits for five seconds after the last one, then takes them all.
    const firstSave = t.clock.now();
    for (let n = 1; t.clock.now() < firstSave + SAVE_EVERY_MS - 200; n++) {
      await change(n);
      await t.clock.advance(200);
      expect(savedSeq()).toBe(1);
    }
    await change(99);
    await t.clock.advance(200);
    await vi.waitFor(() => expect(savedSeq()).toBe(t.room.hub.seq));
    expect(t.room.hub.seq).toBeGreaterThan(20);

    // Hidden (a pocket, the screen off): what waits is saved without waiting for the timer.
    await change(100);
    expect(savedSeq()).toBe(t.room.hub.seq - 1);
    saving.flush();
    await vi.waitFor(() => expect(savedSeq()).toBe(t.room.hub.seq));
    saving.stop();
  });

  it("is not written again when a handheld opens on its saved board and the hub has nothing new", async () => {
    const t = newRoom();
    const sam = newClient(t, t.claims("supervisor", "sam"));
    sam.link.connect();
    await sam.engine.send(update("128414", { late: true }));
    const first = newClient(t, t.claims("crew", "kim"));
    first.link.connect();
    await vi.waitFor(() => expect(first.state().confirmed?.seq).toBe(t.room.hub.seq));
    const board = first.taps;
    await board.saveState(snapshotOfState(first.state().confirmed!));

    // The next open on this device: the saved board first, then the socket's catch-up of nothing.
    const kim = newClient(t, t.claims("crew", "kim"), { taps: board });
    const saving = keepSaved(kim.store, Promise.resolve(board), deviceOn(t));
    let saves = 0;
    const saveState = board.saveState.bind(board);
    board.saveState = (snapshot) => (saves++, saveState(snapshot));
    await kim.engine.restore();
    expect(kim.state().staleSince).not.toBeNull();
    kim.link.connect();
    await vi.waitFor(() => expect(kim.state().staleSince).toBeNull());
    await t.clock.advance(SAVE_EVERY_MS);
    expect(saves).toBe(0);

    // What the hub sends next is saved as before.
    await sam.engine.send(update("128414", { late: false }));
    await vi.waitFor(() => expect(kim.state().confirmed?.seq).toBe(t.room.hub.seq));
    await t.clock.advance(SAVE_DELAY_MS);
    await vi.waitFor(() => expect(board.saved?.snapshot.seq).toBe(t.room.hub.seq));
    expect(saves).toBe(1);
    saving.stop();
  });

  it("waits while the person scrolls, until the list is still, but not for ever", async () => {
    const { t, kim, sam, device, saving, savedSeq } = kimSavingWhileSamChanges();
    await sam.engine.send(update("128414", { late: true }));
    await vi.waitFor(() => expect(kim.state().confirmed?.seq).toBe(t.room.hub.seq));

    // Scrolling through the moment the save falls due: it waits for the list to be still.
    for (let ms = 0; ms < SAVE_DELAY_MS + 1_000; ms += 100) {
      device.scroll();
      await t.clock.advance(100);
    }
    device.scroll();
    expect(savedSeq()).toBeNull();
    await t.clock.advance(SAVE_QUIET_MS - 1);
    expect(savedSeq()).toBeNull();
    await t.clock.advance(1);
    await vi.waitFor(() => expect(savedSeq()).toBe(t.room.hub.seq));

    // Scrolling that never stops holds the next save back by SAVE_HOLD_MAX_MS at most.
    await sam.engine.send(update("128414", { late: false }));
    await vi.waitFor(() => expect(kim.state().confirmed?.seq).toBe(t.room.hub.seq));
    const changedAt = t.clock.now();
    while (t.clock.now() < changedAt + SAVE_EVERY_MS + SAVE_HOLD_MAX_MS + 1_000 && savedSeq() !== t.room.hub.seq) {
      device.scroll();
      await t.clock.advance(100);
    }
    expect(savedSeq()).toBe(t.room.hub.seq);
    expect(t.clock.now() - changedAt).toBeGreaterThan(SAVE_HOLD_MAX_MS);
    expect(t.clock.now() - changedAt).toBeLessThanOrEqual(SAVE_EVERY_MS + SAVE_HOLD_MAX_MS + SAVE_QUIET_MS);
    saving.stop();
  });
});
