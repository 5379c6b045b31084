import { useId, useState, type ReactNode } from "react";

interface Props {
  /** What the button says; it also names the region it opens. */
  label: ReactNode;
  /** The button's accessible name when the label alone is not enough ("History" of which car). */
  name?: string;
  className?: string;
  /** Controlled when given (with onOpenChange); otherwise the disclosure keeps its own state. */
  open?: boolean;
  onOpenChange?(open: boolean): void;
  children: ReactNode;
}

/**
 * A section behind a button: it looks like a control (a big target with ▾/▴), and a screen reader or a test
 * finds it by role and name, with aria-expanded saying whether it is open. Used instead of <details>, whose
 * summary reads like a heading on the floor.
 */
export function Disclosure({ label, name, className, open, onOpenChange, children }: Props) {
  const [own, setOwn] = useState(false);
  const isOpen = open ?? own;
  const id = useId();
  const toggle = () => {
    setOwn(!isOpen);
    onOpenChange?.(!isOpen);
  };
  return (
    <section className={`disclosure${className ? ` ${className}` : ""}`}>
      <button
        type="button"
        className="disclosure-toggle"
        aria-expanded={isOpen}
        aria-controls={id}
        aria-label={name}
        onClick={toggle}
      >
        <span>{label}</span>
        <span aria-hidden="true">{isOpen ? "▴" : "▾"}</span>
      </button>
      <div id={id} hidden={!isOpen}>
        {isOpen ? children : null}
      </div>
    </section>
  );
}
