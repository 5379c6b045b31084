// What an address opens, in one place: the app routes by it (ui/app.tsx), and the storage entry (net/storage.ts),
// which runs before the app, reads it to know whether this screen opens from the board saved on the device.

/** A supervisor's pages under /f/:fid/. */
export type SupervisorView =
  { kind: "shifts" } | { kind: "shift"; id: number } | { kind: "audit" } | { kind: "analytics" };

export type Route =
  | { screen: "chooser" }
  | { screen: "ops" }
  | { screen: "supervisor"; fid: string; view: SupervisorView }
  /** Any other address under /f/:fid/ is the handheld's board. */
  | { screen: "handheld" | "wall" | "doors"; fid: string };

export function routeOf(pathname: string): Route {
  const [first, fid, ...rest] = routeParts(pathname);
  if (first === "ops") return { screen: "ops" };
  if (first !== "f" || !fid) return { screen: "chooser" };
  const view = supervisorView(rest);
  if (view) return { screen: "supervisor", fid, view };
  if (rest[0] === "wall" || rest[0] === "doors") return { screen: rest[0], fid };
  return { screen: "handheld", fid };
}

/** The screens that show the building's board, and so open from the one saved on this device. */
export function opensFromSavedBoard(route: Route): route is Extract<Route, { screen: "handheld" | "wall" | "doors" }> {
  return route.screen === "handheld" || route.screen === "wall" || route.screen === "doors";
}

function supervisorView(rest: string[]): SupervisorView | null {
  if (rest[0] === "audit") return { kind: "audit" };
  if (rest[0] === "analytics") return { kind: "analytics" };
  if (rest[0] === "shifts" && rest[1] && /^\d+$/.test(rest[1])) return { kind: "shift", id: Number(rest[1]) };
  if (rest[0] === "shifts") return { kind: "shifts" };
  return null;
}

/** The address's parts, decoded: `/f/demo/wall` is ["f", "demo", "wall"]. */
export function routeParts(pathname: string): string[] {
  return pathname.split("/").filter(Boolean).map(decodeOrKeep);
}

/** A mistyped address (`/f/%E0`) is a building nobody has, not a blank page. */
function decodeOrKeep(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
