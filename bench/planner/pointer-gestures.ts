import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CDPSession } from '@playwright/test';

/** A common mouse reports 125 times a second; a trackpad or smooth-scrolling wheel about 60. */
const MOUSE_INTERVAL_MS = 8;
const WHEEL_INTERVAL_MS = 16;
/** Small steps: 3 px per mouse report is a slow, steady drag (375 px/s). */
const PAN_STEP_PX = 3;
const PAN_REACH_PX = 240;
/** 4 px of wheel is a 5 % zoom step in Rete's area plugin (intensity 0.1 per 8 px line). */
const WHEEL_DELTA_PX = 4;
/** Zoom in for this many steps (0.5 s, about ×11), then out as many, and again. */
const WHEEL_STEPS_PER_DIRECTION = 30;

/**
 * Sends timed input through the DevTools protocol at the device's own rate, without waiting for
 * each event's acknowledgement, as hardware does. Playwright's `mouse.move` waits for the page to
 * handle every move before the next, so on a busy page it sends fewer events than frames (about
 * one move per 2–3 frames at 1,000 nodes), and the idle frames between make the median look perfect.
 * Events Chromium cannot handle in time are coalesced, as a real mouse's are.
 */
async function paced(durationMs: number, intervalMs: number, send: (step: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const pending: Promise<unknown>[] = [];
  let step = 0;
  while (performance.now() - started < durationMs) {
    pending.push(send(step));
    step += 1;
    const wait = started + step * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(pending);
  return step;
}

/**
 * Drags the canvas from `start` (a point with nothing under it) back and forth for `durationMs`:
 * left button down, small moves at a mouse's rate up to 240 px to either side, button up.
 * Returns how many moves were sent.
 */
export async function dragCanvas(cdp: CDPSession, start: { x: number; y: number }, durationMs: number): Promise<number> {
  const at = (offset: number) => ({ x: start.x + offset, y: start.y + offset / 2 });
  let offset = 0;
  let direction = 1;
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...start, button: 'none', buttons: 0 });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...start, button: 'left', buttons: 1, clickCount: 1 });
  const moves = await paced(durationMs, MOUSE_INTERVAL_MS, () => {
    if (Math.abs(offset + direction * PAN_STEP_PX) > PAN_REACH_PX) direction = -direction;
    offset += direction * PAN_STEP_PX;
    return cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at(offset), button: 'left', buttons: 1 });
  });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at(offset), button: 'left', buttons: 0, clickCount: 1 });
  return moves;
}

/** Turns the wheel over `at` for `durationMs`, zooming in and out in 5 % steps. Returns the steps sent. */
export function wheelZoom(cdp: CDPSession, at: { x: number; y: number }, durationMs: number): Promise<number> {
  return paced(durationMs, WHEEL_INTERVAL_MS, (step) => {
    const zoomIn = Math.floor(step / WHEEL_STEPS_PER_DIRECTION) % 2 === 0;
    return cdp.send('Input.dispatchMouseEvent', {
      type: 'mouseWheel',
      ...at,
      deltaX: 0,
      deltaY: zoomIn ? -WHEEL_DELTA_PX : WHEEL_DELTA_PX,
    });
  });
}
