import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';

/**
 * For an element a link may point at (`/people/<id>#note-<id>`): when the location's hash names it, it is scrolled into
 * view once rendered and highlighted for a moment. Returns the ref to put on the element and whether it is the target.
 */
export function useAnchorTarget<T extends HTMLElement>(anchor: string): { ref: React.RefObject<T | null>; targeted: boolean } {
  const ref = useRef<T | null>(null);
  const { hash } = useLocation();
  const targeted = hash === `#${anchor}`;
  const [highlight, setHighlight] = useState(false);
  useEffect(() => {
    if (!targeted || !ref.current) return;
    ref.current.scrollIntoView({ block: 'center', behavior: 'smooth' });
    setHighlight(true);
    const t = setTimeout(() => setHighlight(false), 4_000);
    return () => clearTimeout(t);
  }, [targeted]);
  return { ref, targeted: highlight };
}
