import { useEffect, useState } from "react";
import { notAskedYet, pushState, turnPushOn, vapidKey } from "../../net/push";
import { lang, useT } from "../../i18n/i18n";

const KEY = "ct.pushOffer";

/**
 * Supervisors get alerts on their phone by default: the first time, the board offers it (a browser asks for
 * notifications only after a tap). "Not now" is remembered on the device; the toggle stays in the tools.
 */
export function PushOffer({ fid }: { fid: string }) {
  const t = useT();
  const [key, setKey] = useState<string | null>(null);
  useEffect(() => {
    if (localStorage.getItem(KEY) === "dismissed" || !notAskedYet()) return;
    void (async () => {
      // On a first visit the service worker is still installing; without waiting for it the offer would wait
      // for the next open.
      if ("serviceWorker" in navigator) await navigator.serviceWorker.ready;
      if ((await pushState()) === "off") setKey(await vapidKey());
    })();
  }, []);
  if (!key) return null;
  const close = () => (localStorage.setItem(KEY, "dismissed"), setKey(null));
  return (
    <section className="push-offer" aria-label={t("Alerts on this phone")}>
      <p>{t("Get alerts on this phone when the app is not open?")}</p>
      <div className="alert-actions">
        <button type="button" className="primary" onClick={() => void turnPushOn(fid, key, lang()).finally(close)}>
          {t("Turn on alerts")}
        </button>
        <button type="button" onClick={close}>
          {t("Not now")}
        </button>
      </div>
    </section>
  );
}
