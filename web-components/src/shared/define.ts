/**
 * Registers an element unless the tag is already taken, so a host page that loads the same widget
 * script twice (or two versions of it) keeps working instead of throwing.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
