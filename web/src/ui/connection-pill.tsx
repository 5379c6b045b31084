import type { ConnectionMode } from "../store/facility-store";

const LABEL: Record<ConnectionMode, string> = {
  connecting: "Connecting",
  live: "Live",
  polling: "Polling",
  offline: "Offline",
};

export function ConnectionPill({ mode, waiting }: { mode: ConnectionMode; waiting: number }) {
  return (
    <output className={`pill pill-${mode}`} aria-live="polite" data-testid="connection">
      {LABEL[mode]}
      {waiting > 0 ? ` · ${waiting} waiting` : ""}
    </output>
  );
}
