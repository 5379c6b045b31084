import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../drizzle/do/migrations";
import type { RoomDeps } from "../room/facility-room";
import { DoAccessStore } from "./access-store";
import { D1Archive } from "./d1-archive";
import * as schema from "./do-schema";
import { DoStore } from "./do-store";

/** A facility's storage as the room needs it: its SQLite (migrated), sync KV, one alarm, and the D1 archive. */
export async function openFacility(
  storage: DurableObjectStorage,
  db: D1Database,
  name: string,
): Promise<Pick<RoomDeps, "store" | "access" | "archive" | "kv" | "alarm">> {
  const sql = drizzle(storage, { schema });
  await migrate(sql, migrations);
  return {
    store: new DoStore(sql, storage),
    access: new DoAccessStore(sql),
    archive: new D1Archive(db, name),
    kv: storage.kv,
    alarm: { get: () => storage.getAlarm(), set: (at) => storage.setAlarm(at) },
  };
}
