/**
 * Taps someone else made on this device before signing out, still unsent. The hub records whoever sends a
 * tap, so they wait for that person; the person here may take them over, and is then recorded as the one.
 */
export function OthersWaiting({
  waiting,
  onAdopt,
}: {
  waiting: { name: string; count: number }[];
  onAdopt(name: string): void;
}) {
  if (waiting.length === 0) return null;
  return (
    <div className="stale" role="status" data-testid="others-waiting">
      {waiting.map(({ name, count }) => (
        <p key={name}>
          {count === 1 ? "1 tap" : `${count} taps`} by {name} {count === 1 ? "has" : "have"} not reached the hub yet.{" "}
          {count === 1 ? "It waits" : "They wait"} on this device until {name} signs in here again.{" "}
          <button type="button" onClick={() => onAdopt(name)}>
            Send {name}&apos;s {count === 1 ? "tap" : "taps"} as mine
          </button>
        </p>
      ))}
    </div>
  );
}
