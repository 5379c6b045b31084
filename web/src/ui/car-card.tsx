import { lazy, memo, Suspense, useState } from "react";
import type { Car, CarPatch } from "../../../shared";
import type { Rejection } from "../store/facility-store";
import { CarHistory } from "./car-history";
import { statusLabel } from "./car-status";
import { useT } from "../i18n/i18n";
import { LATER } from "./later";

interface Props {
  fid: string;
  car: Car;
  locations: readonly string[];
  pending: boolean;
  rejection: Rejection | undefined;
  canRemove: boolean;
  /** A car's history is crew's and supervisors' to read (the whole audit only supervisors'). */
  canSeeHistory: boolean;
  /** Whether the row is open (location, note, remove, history); the board keeps it, so a move keeps it open. */
  open: boolean;
  onToggle(id: string): void;
  /** In a lane the location is its heading; in the list each row says it. */
  inLane: boolean;
  onPatch(car: Car, patch: CarPatch): void;
  onRemove(id: string): void;
  onRetry(r: Rejection): void;
  onDismiss(r: Rejection): void;
}

// A refused tap's words and choices are not part of the first board: most cards never show one (ui/later.ts).
const CarRefusal = lazy(() => LATER.rejectionLines().then((m) => ({ default: m.CarRefusal })));

/**
 * One car. Memoized: a tap re-renders the cards whose car, mark or row changed, not the whole board (2,000 cards
 * on a big building); the board hands it handlers that never change identity.
 */
export const CarCard = memo(function CarCard({
  fid,
  car,
  locations,
  pending,
  rejection,
  canRemove,
  canSeeHistory,
  open,
  onToggle,
  inLane,
  onPatch,
  onRemove,
  onRetry,
  onDismiss,
}: Props) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [notes, setNotes] = useState<string | null>(null);
  const status = statusLabel(car);
  const id = car.id;
  return (
    <li className={`car status-${status.replace(" ", "-").toLowerCase()}${pending ? " is-pending" : ""}`} data-car={id}>
      {/* One compact row: who and where, then the three one-tap marks; the rest opens below. */}
      <div className="car-row">
        <div className="car-who">
          <span className="car-id">{id}</span>
          <span className="car-where">
            {/* Late shows as the pressed Late mark beside it; the row has no room for a badge too. */}
            {inLane ? t(status) : `${t(status)} · ${car.location}`}
          </span>
        </div>
        <button
          type="button"
          className="mark"
          aria-pressed={car.arrived}
          aria-label={car.arrived ? t("Mark {{id}} not arrived", { id }) : t("Mark {{id}} arrived", { id })}
          onClick={() => onPatch(car, { arrived: !car.arrived })}
        >
          {t("Arrived")}
        </button>
        <button
          type="button"
          className="mark"
          aria-pressed={car.empty}
          disabled={!car.arrived}
          aria-label={car.empty ? t("Mark {{id}} not empty", { id }) : t("Mark {{id}} empty", { id })}
          onClick={() => onPatch(car, { empty: !car.empty })}
        >
          {t("Empty")}
        </button>
        <button
          type="button"
          className="mark"
          aria-pressed={car.late}
          aria-label={car.late ? t("Mark {{id}} not late", { id }) : t("Mark {{id}} late", { id })}
          onClick={() => onPatch(car, { late: !car.late })}
          disabled={car.empty}
        >
          {t("Late")}
        </button>
        <button
          type="button"
          className="car-open"
          aria-expanded={open}
          aria-label={
            canSeeHistory
              ? t("More for {{id}}: location, note, history", { id })
              : t("More for {{id}}: location, note", { id })
          }
          onClick={() => onToggle(id)}
        >
          {open ? "▴" : "▾"}
        </button>
      </div>
      {open ? (
        <div className="car-detail">
          <select
            aria-label={t("Location of {{id}}", { id })}
            value={car.location}
            onChange={(e) => onPatch(car, { location: e.target.value })}
          >
            {locations.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <div className="car-more">
            {notes === null ? (
              <button
                type="button"
                className="link"
                aria-label={
                  car.notes
                    ? t("Note: {{note}} (edit note for {{id}})", { note: car.notes, id })
                    : t("Add note for {{id}}", { id })
                }
                onClick={() => setNotes(car.notes)}
              >
                {car.notes ? t("Note: {{note}}", { note: car.notes }) : t("Add note")}
              </button>
            ) : (
              <form
                className="notes"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (notes !== car.notes) onPatch(car, { notes });
                  setNotes(null);
                }}
              >
                <input
                  aria-label={t("Notes text for {{id}}", { id })}
                  value={notes}
                  maxLength={1000}
                  onChange={(e) => setNotes(e.target.value)}
                  autoFocus
                />
                <button type="submit" aria-label={t("Save notes for {{id}}", { id })}>
                  {t("Save")}
                </button>
              </form>
            )}
            {canRemove ? (
              confirming ? (
                <span className="confirm">
                  <button
                    type="button"
                    className="danger"
                    aria-label={t("Confirm remove {{id}}", { id })}
                    onClick={() => (setConfirming(false), onRemove(id))}
                  >
                    {t("Remove {{id}}?", { id })}
                  </button>
                  <button type="button" aria-label={t("Keep {{id}}", { id })} onClick={() => setConfirming(false)}>
                    {t("Keep")}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className="link danger-link"
                  aria-label={t("Remove {{id}}", { id })}
                  onClick={() => setConfirming(true)}
                >
                  {t("Remove")}
                </button>
              )
            ) : null}
          </div>
          {canSeeHistory ? <CarHistory fid={fid} carId={id} version={car.version} /> : null}
        </div>
      ) : car.notes ? (
        <p className="car-note">{t("Note: {{note}}", { note: car.notes })}</p>
      ) : null}
      {rejection ? (
        <Suspense fallback={null}>
          <CarRefusal id={id} rejection={rejection} onRetry={onRetry} onDismiss={onDismiss} />
        </Suspense>
      ) : null}
    </li>
  );
});
