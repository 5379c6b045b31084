import type { ReactNode } from "react";

/**
 * What a screen shows before it has a board: why it cannot go on (the hub refused this protocol or building),
 * or that it is still loading. One place, so the handheld, the door board and the wall say it alike.
 */
export function ScreenWait({
  kind,
  fatal,
  title = "Car Tracker",
  children,
}: {
  kind: "handheld" | "wall";
  fatal: string | null;
  title?: string;
  children: ReactNode;
}) {
  return (
    <main className={kind}>
      <h1>{fatal ? "Car Tracker" : title}</h1>
      {fatal ? <p role="alert">{fatal}</p> : children}
    </main>
  );
}
