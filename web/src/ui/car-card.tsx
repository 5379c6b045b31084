import { useState } from "react";
import type { Car, CarPatch } from "../../../shared";
import type { Rejection } from "../store/facility-store";
import { CarHistory } from "./car-history";
import { statusLabel } from "./car-status";

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
  onToggle(): void;
  /** In a lane the location is its heading; in the list each row says it. */
  inLane: boolean;
  onPatch(patch: CarPatch): void;
  onRemove(): void;
  onRetry(r: Rejection): void;
  onDismiss(r: Rejection): void;
}

const REJECT_WORDS: Record<string, string> = {
  conflict: "Someone else changed this first",
  not_found: "This car is no longer on the board",
  invalid_location: "That location does not exist any more",
  already_exists: "Someone else added this car first",
};

export function CarCard({
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
            {inLane ? status : `${status} · ${car.location}`}
          </span>
        </div>
        <button
          type="button"
          className="mark"
          aria-pressed={car.arrived}
          aria-label={`Mark ${id} ${car.arrived ? "not arrived" : "arrived"}`}
          onClick={() => onPatch({ arrived: !car.arrived })}
        >
          Arrived
        </button>
        <button
          type="button"
          className="mark"
          aria-pressed={car.empty}
          disabled={!car.arrived}
          aria-label={`Mark ${id} ${car.empty ? "not empty" : "empty"}`}
          onClick={() => onPatch({ empty: !car.empty })}
        >
          Empty
        </button>
        <button
          type="button"
          className="mark"
          aria-pressed={car.late}
          aria-label={`Mark ${id} ${car.late ? "not late" : "late"}`}
          onClick={() => onPatch({ late: !car.late })}
          disabled={car.empty}
        >
          Late
        </button>
        <button
          type="button"
          className="car-open"
          aria-expanded={open}
          aria-label={`More for ${id}: location, note${canSeeHistory ? ", history" : ""}`}
          onClick={onToggle}
        >
          {open ? "▴" : "▾"}
        </button>
      </div>
      {open ? (
        <div className="car-detail">
          <select
            aria-label={`Location of ${id}`}
            value={car.location}
            onChange={(e) => onPatch({ location: e.target.value })}
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
                aria-label={car.notes ? `Note: ${car.notes} (edit note for ${id})` : `Add note for ${id}`}
                onClick={() => setNotes(car.notes)}
              >
                {car.notes ? `Note: ${car.notes}` : "Add note"}
              </button>
            ) : (
              <form
                className="notes"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (notes !== car.notes) onPatch({ notes });
                  setNotes(null);
                }}
              >
                <input
                  aria-label={`Notes text for ${id}`}
                  value={notes}
                  maxLength={1000}
                  onChange={(e) => setNotes(e.target.value)}
                  autoFocus
                />
                <button type="submit" aria-label={`Save notes for ${id}`}>
                  Save
                </button>
              </form>
            )}
            {canRemove ? (
              confirming ? (
                <span className="confirm">
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Confirm remove ${id}`}
                    onClick={() => (setConfirming(false), onRemove())}
                  >
                    Remove {id}?
                  </button>
                  <button type="button" aria-label={`Keep ${id}`} onClick={() => setConfirming(false)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className="link danger-link"
                  aria-label={`Remove ${id}`}
                  onClick={() => setConfirming(true)}
                >
                  Remove
                </button>
              )
            ) : null}
          </div>
          {canSeeHistory ? <CarHistory fid={fid} carId={id} version={car.version} /> : null}
        </div>
      ) : car.notes ? (
        <p className="car-note">Note: {car.notes}</p>
      ) : null}
      {rejection ? (
        <div className="rejection" role="alert">
          <strong>Not saved:</strong> {REJECT_WORDS[rejection.code] ?? rejection.message}.{" "}
          {rejection.car ? <span>Now: {describe(rejection.car)}.</span> : null}
          <div className="rejection-actions">
            {rejection.code !== "not_found" && rejection.code !== "already_exists" ? (
              <button type="button" aria-label={`Apply my change to ${id} again`} onClick={() => onRetry(rejection)}>
                Apply mine again
              </button>
            ) : null}
            <button type="button" aria-label={`Dismiss message for ${id}`} onClick={() => onDismiss(rejection)}>
              OK
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

function describe(car: Car): string {
  return `${statusLabel(car)}${car.late && !car.empty ? ", late" : ""} at ${car.location}`;
}
