import type { ConnectionMode } from "../store/facility-store";
import { tx, useT } from "../i18n/i18n";

const LABEL: Record<ConnectionMode, string> = {
  connecting: tx("Connecting"),
  live: tx("Live"),
  polling: tx("Polling"),
  offline: tx("Offline"),
};

export function ConnectionPill({ mode, waiting }: { mode: ConnectionMode; waiting: number }) {
  const t = useT();
  return (
    <output className={`pill pill-${mode}`} aria-live="polite" data-testid="connection">
      {t(LABEL[mode])}
      {waiting > 0 ? ` · ${t("{{n}} waiting", { n: waiting })}` : ""}
    </output>
  );
}
