import { env, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { describe } from "vitest";
import { DoStore } from "../../party/store/do-store";
import * as schema from "../../party/store/do-schema";
import { hubStoreContract } from "../contract/hub-store.contract";

let n = 0;

describe("hub store contract: the Durable Object's SQLite (workerd)", () => {
  // A new, never-created facility's DO per test: partyserver's start-up has migrated its SQLite, nothing more.
  hubStoreContract((body) =>
    runInDurableObject(env.Facility.getByName(`contract-${++n}`), async (instance, state) => {
      await instance.__unsafe_ensureInitialized();
      body(new DoStore(drizzle(state.storage, { schema }), state.storage));
    }),
  );
});
