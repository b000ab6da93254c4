/** A small radio group shown as joined buttons (Inputs/Outputs, Form/JSON). */
export function Segmented<Value extends string>({
  label,
  name,
  options,
  value,
  onChange,
  testIdPrefix,
}: {
  label: string;
  name: string;
  options: readonly { value: Value; label: string }[];
  value: Value;
  onChange(value: Value): void;
  testIdPrefix: string;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <label key={option.value} className={`segmented__option${value === option.value ? ' segmented__option--active' : ''}`}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            data-testid={`${testIdPrefix}-${option.value}`}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}
