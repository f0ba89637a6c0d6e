export function Brand({ name }: { name?: string }) {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true">L</span>
      <span>{name ?? 'Lifeline'}</span>
    </div>
  );
}
