// npm run bench (the hub's part): the building the latency measures run on. Loopback only.
import { randomUUID } from "node:crypto";

/** The demo's 15 doors and 43 cars, or the biggest building (issue 16: 60 doors and 2,000 more cars). */
export interface Building {
  doors: number;
  extraCars: number;
}

/** A trailer at every door (so the snapshot and each diff carry the door board), on a fresh demo building. */
export async function dockEveryDoor(
  base: string,
  headers: Record<string, string>,
  { doors: doorCount, extraCars: extra }: Building,
): Promise<number> {
  const post = async (mutation: Record<string, unknown>) => {
    const res = await fetch(`${base}/api/facilities/demo/mutations`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ mutationId: randomUUID(), ...mutation }),
    });
    if (!res.ok) throw new Error(`${String(mutation.type)}: ${res.status} ${await res.text()}`);
  };
  const doors = Array.from({ length: doorCount }, (_, i) => String(doorCount === 15 ? 9 + i : 1 + i));
  if (doorCount !== 15) await post({ type: "facility.setDoors", doors });
  if (extra > 0) {
    const locations = ["Yard", "100", "200", "300", "400", "500", "600", "Shop"];
    const cars = Array.from({ length: extra }, (_, i) => ({
      id: `F${String(i).padStart(5, "0")}`,
      location: locations[i % 8],
    }));
    await post({ type: "fleet.import", cars });
  }
  let n = 0;
  for (const [i, door] of doors.entries()) {
    const visitId = randomUUID();
    await post({ type: "door.dock", door, visitId, trailer: `B-${door}`, initialPercent: 90 });
    await post({ type: "visit.progress", visitId, delta: -(i % 40) - 1 });
    await post({ type: "visit.note", visitId, note: "bench trailer" });
    n++;
  }
  return n;
}
