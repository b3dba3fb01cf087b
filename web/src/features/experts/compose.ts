import { COMPOSE_EVENT, type ComposeDetail } from '../../api/experts.ts';

/** Listens for text meant for this conversation's reply box (a used suggestion); returns the unsubscribe. */
export function onCompose(conversationId: string, fill: (text: string) => void): () => void {
  const listener = (e: Event) => {
    const d = (e as CustomEvent<ComposeDetail>).detail;
    if (d?.conversationId !== conversationId) return;
    fill(d.text);
    // Into the reply box, ready to be read over and sent.
    window.requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('[data-testid="reply-text"]')?.focus());
  };
  window.addEventListener(COMPOSE_EVENT, listener);
  return () => window.removeEventListener(COMPOSE_EVENT, listener);
}
