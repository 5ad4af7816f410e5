/**
 * The facilitator's timer, on every screen: minutes and seconds left, counted down on this
 * device's clock from when the room last said how long was left. When it runs out it says so in
 * words, in a colour that stands out, and once to assistive technology: a signal that is seen,
 * never sound alone.
 */
import { useEffect, useState } from 'react';
import type { HeldControls } from './room-controls.ts';

const clock = (ms: number) => {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

export function WorkshopTimer({ held }: { held: HeldControls }) {
  const timer = held.state.timer;
  const [now, setNow] = useState(() => performance.now());
  const running = timer?.running === true;
  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(tick);
  }, [running, held]);
  if (!timer) return null;
  const left = running ? Math.max(0, timer.leftMs - (now - held.at)) : timer.leftMs;
  const over = left <= 0;
  return (
    <p className={over ? 'workshop-timer over' : 'workshop-timer'}>
      {/* The count itself is not read out every second; the end is. */}
      <span role="timer" aria-label={over ? undefined : `Timer: ${clock(left)} left`}>
        {over ? '' : `${clock(left)}${running ? ' left' : ' (paused)'}`}
      </span>
      <span role="status">{over ? 'Time is up' : ''}</span>
    </p>
  );
}
