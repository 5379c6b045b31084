import { describe } from "vitest";
import { MemoryStore } from "../../party/store/memory-store";
import { hubStoreContract } from "../contract/hub-store.contract";

describe("hub store contract: the in-memory twin (Node)", () => {
  hubStoreContract(async (body) => body(new MemoryStore()));
});
