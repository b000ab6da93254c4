import { useLayoutEffect, useRef, type RefObject } from 'react';

/** How close to the bottom (px) still counts as "at the end", so a line of rounding does not stop following. */
const SLACK_PX = 24;

/**
 * Keeps a scrolling log pinned to its newest line as `length` grows, the way a terminal does — unless
 * the person scrolled up to read something, in which case it stays where they put it until they scroll
 * back to the end.
 */
export function useFollowScroll<T extends HTMLElement>(length: number): RefObject<T | null> {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onScroll = () => {
      pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight <= SLACK_PX;
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => element.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [length]);
  return ref;
}
