import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { reject } from "../../shared";
import { REFUSALS } from "../../shared/domain/board-refusals";
import { chooseLang } from "../../web/src/i18n/i18n";
import { refusalDetail } from "../../web/src/ui/reject-words";

/** What a screen says for a refusal the hub built from one of its templates. */
const said = (text: (typeof REFUSALS)[keyof typeof REFUSALS], params: Record<string, string>) => {
  const r = reject("conflict", text, params);
  return refusalDetail(r.message, r.words);
};
const step = (status: string, to: string) => said(REFUSALS.visitStep, { trailer: "53210", door: "12", status, to });
const fields = (list: string) => said(REFUSALS.carFieldsChanged, { car: "128489", fields: list, base: "3" });

describe("a refusal's terms in the screen's words", () => {
  // The language switch keeps its choice on the device and marks the page's language: the two browser
  // parts it touches, given here so the real switch and the real Spanish dictionary run in Node.
  beforeAll(() => {
    const kept = new Map<string, string>();
    vi.stubGlobal("localStorage", { getItem: (k: string) => kept.get(k) ?? null, setItem: kept.set.bind(kept) });
    vi.stubGlobal("document", { documentElement: {} });
  });
  afterAll(async () => {
    await chooseLang("en");
    vi.unstubAllGlobals();
  });

  it("says a trailer's status and a car's fields as the floor does, in English", async () => {
    await chooseLang("en");
    expect(step("completed", "unloading")).toBe("trailer 53210 at door 12 is unloaded; it cannot be unloading");
    expect(step("arrived", "departed")).toBe("trailer 53210 at door 12 is waiting to unload; it cannot be pulled");
    expect(fields("late, empty")).toBe("car 128489: late, empty changed since version 3");
  });

  it("says them in Spanish on a Spanish screen, and keeps a term it does not know", async () => {
    await chooseLang("es");
    expect(step("completed", "unloading")).toBe(
      "el remolque 53210 en la puerta 12 está descargado; no puede pasar a descargando",
    );
    expect(fields("arrived, location, notes")).toBe(
      "vehículo 128489: llegado, ubicación, nota cambió desde la versión 3",
    );
    // A newer hub's status this screen has no words for reads as the hub sent it, never as nothing.
    expect(step("sideways", "unloading")).toContain("está sideways;");
    expect(said(REFUSALS.sweepSawEmpty, { board: "53999" })).toBe(
      "el tablero tiene aquí el remolque 53999; la revisión vio la puerta vacía",
    );
  });
});
