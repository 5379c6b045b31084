import { Component, type ReactNode } from "react";
import { t } from "../i18n/i18n";
import { reportClientError } from "../net/client-errors";

/**
 * Instead of a blank page: what happened, that nothing is lost, and one big way back. The outbox lives in
 * IndexedDB, so waiting taps survive the reload and are sent once the page is back.
 */
export class ErrorScreen extends Component<{ children: ReactNode; notice?: string | null }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error("the screen failed", error);
    reportClientError(error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    // With a notice (signed out, and the sign-in form could not load) that is the news; the failure comes second.
    const wrong = t("Something went wrong on this screen");
    const notice = this.props.notice;
    return (
      <main className="chooser error-screen" role="alert">
        <h1>{notice || wrong}</h1>
        {notice && <p>{wrong}</p>}
        <p>{t("Nothing you tapped is lost: taps not yet sent are kept on this device and go out after you reload.")}</p>
        <button type="button" onClick={() => location.reload()}>
          {t("Reload")}
        </button>
      </main>
    );
  }
}
