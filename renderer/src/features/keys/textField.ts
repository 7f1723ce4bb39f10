/** Input types that take typed text; a checkbox, radio, range or button does not. */
const TEXT_INPUTS = new Set([
  'text',
  'search',
  'email',
  'password',
  'url',
  'tel',
  'number',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);

/**
 * Whether keys pressed on `target` belong to it. Only text fields keep the keys: after a click
 * on a checkbox, slider, select or button the shortcuts must still work (they used to die).
 */
export function isTextField(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return TEXT_INPUTS.has(target.type);
  return target instanceof HTMLElement && target.isContentEditable;
}
