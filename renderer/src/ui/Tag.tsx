import type { ReactNode } from 'react';

/** Colour families of small labels; each has a light and a dark variant in base.css. */
export type TagTone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'violet' | 'teal';

export interface TagProps {
  tone?: TagTone;
  /** Shown on hover and read by screen readers after the text. */
  title?: string;
  testId?: string;
  mono?: boolean;
  children: ReactNode;
  /** Extra data attributes for tests, e.g. `{ 'data-source': 'resolver' }`. */
  data?: Record<`data-${string}`, string>;
}

/** A small coloured label: a value's source, a built-in marker, a change kind. */
export function Tag({ tone = 'neutral', title, testId, mono = false, children, data }: TagProps) {
  return (
    <span className={`tag tag--${tone}${mono ? ' tag--mono' : ''}`} title={title} data-testid={testId} {...data}>
      {children}
    </span>
  );
}
