import { Outbox, storageIsNew } from "./outbox";
import type { Restored } from "./ports";

let early: { fid: string; by: string; read: Promise<Restored>; value?: Restored } | null = null;

/**
 * On a device that has a board saved here, the first render waits (a little) for it to be read, so the cars are
 * in that render: rendering the screen empty first, painting it and rendering it again with the cars cost a slow
 * handheld about 80 ms of its warm start. Bounded: storage that answers slowly gets the empty screen, as before.
 */
export async function restoreBeforeFirstPaint(fid: string, by: string, waitMs: number): Promise<void> {
  const read = Outbox.open(fid).then(async (o) => {
    const [saved, pending] = await Promise.all([o.loadState(), o.list(by)]);
    return { saved, pending };
  });
  const entry: NonNullable<typeof early> = { fid, by, read };
  early = entry;
  read.then((v) => (entry.value = v)).catch(() => undefined);
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, waitMs));
  await Promise.race([read.then(() => undefined), storageIsNew(), timeout]).catch(() => undefined);
}

/** The early read for this screen, if it is done: the store starts from it (the restore that follows finds it there). */
export function restoredEarly(fid: string, by: string): Restored | undefined {
  return early && early.fid === fid && early.by === by ? early.value : undefined;
}

/**
 * The early read for this screen, handed over once: the engine's restore takes it rather than reading and
 * parsing the whole board again (about 90 ms of a slow handheld). A later screen reads afresh.
 */
export function takeEarlyRestore(fid: string, by: string): Promise<Restored> | null {
  if (!early || early.fid !== fid || early.by !== by) return null;
  const { read } = early;
  early = null;
  return read;
}
