import { useEffect, useRef, useState } from "react";
import type { Alert } from "../../../../shared";
import { awakeAudio, rememberSound, soundRemembered, wakeAudio } from "./alert-audio";

/** Two short tones, loud enough over a conveyor. */
function beep(audio: AudioContext): void {
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

/** Whether this device beeps at a new alert, and the switch. */
export interface AlertSound {
  on: boolean;
  toggle(): void;
}

export function useAlertSound(alerts: readonly Alert[]): AlertSound {
  const [on, setOn] = useState(soundRemembered);
  const heard = useRef<Set<string> | null>(null);
  useEffect(() => {
    const keys = new Set(alerts.map((a) => a.key));
    // The alerts already up when the screen opened are not news.
    const fresh = heard.current !== null && alerts.some((a) => !a.ackedBy && !heard.current!.has(a.key));
    heard.current = keys;
    const audio = awakeAudio();
    if (fresh && on && audio) beep(audio);
  }, [alerts, on]);
  return {
    on,
    toggle() {
      const next = !on;
      rememberSound(next);
      if (next) wakeAudio();
      setOn(next);
    },
  };
}
