import { useT } from "../i18n/i18n";
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
  const t = useT();
  if (waiting.length === 0) return null;
  return (
    <div className="stale" role="status" data-testid="others-waiting">
      {waiting.map(({ name, count }) => (
        <p key={name}>
          {count === 1
            ? t(
                "1 tap by {{name}} has not reached the hub yet. It waits on this device until {{name}} signs in here again.",
                { name },
              )
            : t(
                "{{n}} taps by {{name}} have not reached the hub yet. They wait on this device until {{name}} signs in here again.",
                { n: count, name },
              )}{" "}
          <button type="button" onClick={() => onAdopt(name)}>
            {count === 1 ? t("Send {{name}}'s tap as mine", { name }) : t("Send {{name}}'s taps as mine", { name })}
          </button>
        </p>
      ))}
    </div>
  );
}
