import { useEffect, useState } from "react";
import { useT } from "../i18n/i18n";

/** What Chromium hands `beforeinstallprompt` listeners (not in TypeScript's DOM types). */
interface InstallPrompt extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

let captured: InstallPrompt | null = null;
const listeners = new Set<() => void>();
// Captured as early as the module loads: the event fires once, often before the board renders.
window.addEventListener("beforeinstallprompt", (e) => {
  e.preventDefault();
  captured = e as InstallPrompt;
  for (const l of listeners) l();
});
window.addEventListener("appinstalled", () => {
  captured = null;
  for (const l of listeners) l();
});

/** "Install app": a home-screen icon for the crew, offered only when the browser allows it. */
export function InstallApp() {
  const t = useT();
  const [prompt, setPrompt] = useState(captured);
  useEffect(() => {
    const changed = () => setPrompt(captured);
    listeners.add(changed);
    return () => void listeners.delete(changed);
  }, []);
  if (!prompt) return null;
  return (
    <button
      type="button"
      onClick={() =>
        void prompt.prompt().then(async () => {
          await prompt.userChoice;
          captured = null;
          setPrompt(null);
        })
      }
    >
      {t("Install app")}
    </button>
  );
}
