import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

/** A key's secret, shown once: selectable text and a Copy button; the API will not show it again. */
export function SecretBox({ secret, title, children }: { secret: string; title: string; children?: ComponentChildren }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const text = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // no clipboard (an insecure origin, or permission refused): select the text for Ctrl+C instead
      const range = document.createRange();
      if (text.current) range.selectNodeContents(text.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied('failed');
    }
  };
  return (
    <section class="secret" role="region" aria-labelledby="secret-title">
      <h2 id="secret-title">{title}</h2>
      <p>Copy it now: it is shown only once and cannot be retrieved later.</p>
      <div class="secret-row">
        <code id="new-secret" ref={text} aria-label="secret">
          {secret}
        </code>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <span role="status" aria-live="polite">
          {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Selected: press Ctrl+C to copy.' : ''}
        </span>
      </div>
      {children}
    </section>
  );
}
