import { useEffect, useState } from "react";
import { pushState, turnPushOff, turnPushOn, vapidKey, type PushState } from "../../net/push";
import { lang, useT } from "../../i18n/i18n";

/** "Alerts on this phone": Web Push for when the app is not on screen. Hidden where the hub sends none. */
export function PushToggle({ fid }: { fid: string }) {
  const t = useT();
  const [key, setKey] = useState<string | null>(null);
  const [state, setState] = useState<PushState>("unsupported");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      const [k, s] = await Promise.all([vapidKey(), pushState()]);
      setKey(k);
      setState(s);
    })();
  }, []);
  if (!key || state === "unsupported") return null;
  const toggle = async () => {
    setError(null);
    try {
      setState(state === "on" ? await turnPushOff(fid) : await turnPushOn(fid, key, lang()));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div className="push-toggle">
      <button type="button" aria-pressed={state === "on"} disabled={state === "blocked"} onClick={() => void toggle()}>
        {t("Alerts on this phone")}
      </button>
      {state === "blocked" ? (
        <p className="hint">{t("Notifications are blocked for this site in the browser's settings.")}</p>
      ) : null}
      {error ? (
        <p className="hint" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}
