import { lazy, Suspense, useState } from "react";
import { Disclosure } from "./disclosure";
import { useT } from "../i18n/i18n";

// Opened on one car at a time, and only with the network: the list, the audit's words and the API that reads
// it stay out of what a handheld runs before its first car (prefetched when idle; see vite.config.ts).
const HistoryList = lazy(() => import("./history-list"));

/** Who changed what on one car, newest first; loaded when opened, again when the car changes. */
export function CarHistory({ fid, carId, version }: { fid: string; carId: string; version: number }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Disclosure
      label={t("History")}
      name={t("History of {{id}}", { id: carId })}
      className="history"
      open={open}
      onOpenChange={setOpen}
    >
      {open ? (
        <Suspense fallback={<p>{t("Loading…")}</p>}>
          <HistoryList fid={fid} carId={carId} version={version} />
        </Suspense>
      ) : null}
    </Disclosure>
  );
}
