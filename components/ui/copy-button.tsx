'use client';

import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from './button';

/** Copies `text` to the clipboard and says so for a moment ("Copied"), or that it could not. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard (an insecure origin, or permission refused): the text stays selectable.
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <Button type="button" variant="secondary" className="px-3 py-1" onClick={() => void copy()}>
      {state === 'copied' ? <Check aria-hidden size={14} /> : <Copy aria-hidden size={14} />}
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy it' : label}</span>
    </Button>
  );
}
