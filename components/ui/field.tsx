import type { InputHTMLAttributes } from 'react';

/** A labelled input with its error messages announced to screen readers. */
export function Field({ label, name, errors, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[] }) {
  const errorId = `${name}-error`;
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium">{label}</span>
      <input
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        className="block w-full rounded-md border border-line bg-bg px-3 py-2 text-fg placeholder:text-muted"
        {...props}
      />
      {errors?.length ? (
        <span id={errorId} className="block text-danger">
          {errors.join('. ')}
        </span>
      ) : null}
    </label>
  );
}
