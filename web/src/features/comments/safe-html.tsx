import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router';

/**
 * HTML rendered by the server (lib/markdown.ts: markdown-it with raw HTML off, then sanitize-html with a strict
 * allow-list: no script, style, iframe or on* attributes, only http/https/mailto and our own relative links). This is
 * the only place the web app inserts HTML; it never receives anything but that sanitized output. Internal links
 * (#hashtags) navigate inside the app.
 */
export function SafeHtml({ html, testId }: { html: string; testId?: string }) {
  const navigate = useNavigate();
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as HTMLElement).closest('a');
    const href = a?.getAttribute('href');
    if (href?.startsWith('/') && !e.metaKey && !e.ctrlKey) { e.preventDefault(); navigate(href); }
  };
  return <div className="parley-comment-body" onClick={onClick} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
