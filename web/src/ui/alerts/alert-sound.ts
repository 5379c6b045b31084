import { useEffect, useRef, useState } from "react";
import type { Alert } from "../../../../shared";

const KEY = "ct.alertSound";
let audio: AudioContext | null = null;

/** Two short tones, loud enough over a conveyor; the context is made on the tap that turned sound on. */
function beep(): void {
  if (!audio) return;
  const at = audio.currentTime;
  for (const start of [0, 0.35]) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.4, at + start);
    gain.gain.exponentialRampToValueAtTime(0.001, at + start + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(at + start);
    osc.stop(at + start + 0.3);
  }
}

/** Whether this device beeps at a new alert (off by default, remembered on this device), and the switch. */
export interface AlertSound {
  on: boolean;
  toggle(): void;
}

export function useAlertSound(alerts: readonly Alert[]): AlertSound {
  const [on, setOn] = useState(() => localStorage.getItem(KEY) === "1");
  const heard = useRef<Set<string> | null>(null);
  useEffect(() => {
    const keys = new Set(alerts.map((a) => a.key));
    // The alerts already up when the screen opened are not news.
    const fresh = heard.current !== null && alerts.some((a) => !a.ackedBy && !heard.current!.has(a.key));
    heard.current = keys;
    if (fresh && on) beep();
  }, [alerts, on]);
  // Sound remembered from before a reload: a browser lets a page make sound only once someone has touched it, and
  // crew touch the board all night, so their first tap anywhere wakes it.
  useEffect(() => {
    if (!on || audio) return;
    const done = new AbortController();
    const wake = () => {
      audio ??= new AudioContext();
      void audio.resume();
      done.abort();
    };
    for (const kind of ["pointerdown", "keydown"])
      document.addEventListener(kind, wake, { capture: true, signal: done.signal });
    return () => done.abort();
  }, [on]);
  return {
    on,
    toggle() {
      const next = !on;
      localStorage.setItem(KEY, next ? "1" : "0");
      if (next) {
        audio ??= new AudioContext();
        void audio.resume();
      }
      setOn(next);
    },
  };
}
