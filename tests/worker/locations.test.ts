import { describe, expect, it } from "vitest";
import { TestSocket, api, postMutation, tokenFor, update, uuid } from "./helpers";

const rename = (from: string, to: unknown) => ({ type: "facility.renameLocation", mutationId: uuid(), from, to });
const setLocations = (locations: unknown) => ({ type: "facility.setLocations", mutationId: uuid(), locations });

describe("locations editor", () => {
  it("renames a location on every screen at once, moving its cars, audited as the supervisor", async () => {
    const wall = await TestSocket.open({ role: "display", name: "wall" });
    await wall.next("snapshot");
    expect((await postMutation(update("128414", { location: "300" }), "demo", "sam")).status).toBe(200);
    expect((await postMutation(update("128421", { location: "300" }), "demo", "sam")).status).toBe(200);
    const s = await TestSocket.open({ name: "sam" });
    await s.next("snapshot");
    const m = rename("300", "Dock 3");
    s.mutate(m as never);
    expect(await s.next("ack", (a) => a.mutationId === m.mutationId)).toBeTruthy();
    const diff = await wall.next("diff", (d) => d.mutationId === m.mutationId);
    expect(diff.facility?.locations).toEqual(["Yard", "100", "200", "Dock 3", "400", "500", "600", "Shop"]);
    expect(diff.cars.map((c) => [c.id, c.location]).sort()).toEqual([
      ["128414", "Dock 3"],
      ["128421", "Dock 3"],
    ]);
    const audit = (await (await api("/api/facilities/demo/audit?carId=128414&limit=1")).json()) as {
      entries: { action: string; field: string; oldValue: string; newValue: string; actor: string }[];
    };
    expect(audit.entries[0]).toMatchObject({
      action: "facility.renameLocation",
      field: "location",
      oldValue: "300",
      newValue: "Dock 3",
      actor: "sam",
    });
    s.close();
    wall.close();
  });

  it("adds, reorders and removes only empty locations; refuses bad input and crew", async () => {
    const expectCode = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ code, error: expect.any(String) });
    };
    const now = ["Yard", "100", "200", "Dock 3", "400", "500", "600", "Shop"];
    expect((await postMutation(setLocations([...now, "Overflow"]))).status).toBe(200);
    expect((await postMutation(setLocations(["Overflow", ...now]))).status).toBe(200);
    await expectCode(await postMutation(setLocations(now.filter((l) => l !== "Dock 3"))), 409, "location_in_use");
    expect((await postMutation(setLocations(now))).status).toBe(200);
    await expectCode(await postMutation(rename("Yard", "Shop")), 409, "already_exists");
    await expectCode(await postMutation(rename("Nowhere", "X")), 422, "invalid_location");
    await expectCode(await postMutation(rename("Yard", "")), 400, "invalid_message");
    await expectCode(await postMutation(rename("Yard", "x".repeat(41))), 400, "invalid_message");
    await expectCode(await postMutation(rename("Yard", 7)), 400, "invalid_message");
    await expectCode(await postMutation(setLocations(["A", "A"])), 400, "invalid_message");
    const crew = await tokenFor("demo", "crew", "cat");
    const res = await api("/api/facilities/demo/mutations", { method: "POST", json: rename("Yard", "Lot"), as: crew });
    await expectCode(res, 403, "forbidden");
    const state = (await (await api("/api/facilities/demo/state")).json()) as { facility: { locations: string[] } };
    expect(state.facility.locations).toEqual(now);
  });
});
