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
    return (
      <main className="chooser error-screen" role="alert">
        {this.props.notice && <p>{this.props.notice}</p>}
        <h1>{t("Something went wrong on this screen")}</h1>
        <p>{t("Nothing you tapped is lost: taps not yet sent are kept on this device and go out after you reload.")}</p>
        <button type="button" onClick={() => location.reload()}>
          {t("Reload")}
        </button>
      </main>
    );
  }
}
