import type { Car } from "../../../shared";
import { t as translate, tx, useT } from "../i18n/i18n";
import type { Rejection } from "../store/facility-store";
import { statusLabel } from "./car-status";
import { refusalDetail, rejectionWords } from "./reject-words";

// How a refused tap is shown, on its card or on its own line: a chunk of its own, loaded once the board is on
// screen (ui/later.ts).

/** Refused taps that belong to no card on screen: what the hub said, each until someone has read it. */
export function RejectionLines({
  rejections,
  dismiss,
}: {
  rejections: Rejection[];
  dismiss(mutationId: string): void;
}) {
  const t = useT();
  return rejections.map((r) => (
    <p key={r.mutation.mutationId} role="alert" className="rejection">
      {t("Not saved:")} {rejectionWords(r.code, r.message, r.words)}{" "}
      <button type="button" onClick={() => dismiss(r.mutation.mutationId)}>
        {t("OK")}
      </button>
    </p>
  ));
}

const REJECT_WORDS: Record<string, string> = {
  conflict: tx("Someone else changed this first"),
  not_found: tx("This car is no longer on the board"),
  invalid_location: tx("That location does not exist any more"),
  already_exists: tx("Someone else added this car first"),
};

/** A car's refused tap, on its card: what the hub said, what the car is now, and mine again or OK. */
export function CarRefusal({
  id,
  rejection,
  onRetry,
  onDismiss,
}: {
  id: string;
  rejection: Rejection;
  onRetry(r: Rejection): void;
  onDismiss(r: Rejection): void;
}) {
  const t = useT();
  return (
    <div className="rejection" role="alert">
      <strong>{t("Not saved:")}</strong>{" "}
      {REJECT_WORDS[rejection.code]
        ? t(REJECT_WORDS[rejection.code]!)
        : refusalDetail(rejection.message, rejection.words)}
      . {rejection.car ? <span>{t("Now: {{what}}.", { what: describe(rejection.car) })}</span> : null}
      <div className="rejection-actions">
        {rejection.code !== "not_found" && rejection.code !== "already_exists" ? (
          <button
            type="button"
            aria-label={t("Apply my change to {{id}} again", { id })}
            onClick={() => onRetry(rejection)}
          >
            {t("Apply mine again")}
          </button>
        ) : null}
        <button type="button" aria-label={t("Dismiss message for {{id}}", { id })} onClick={() => onDismiss(rejection)}>
          OK
        </button>
      </div>
    </div>
  );
}

function describe(car: Car): string {
  const t = translate;
  const where = { status: t(statusLabel(car)), location: car.location };
  return car.late && !car.empty
    ? t("{{status}}, late, at {{location}}", where)
    : t("{{status}} at {{location}}", where);
}
