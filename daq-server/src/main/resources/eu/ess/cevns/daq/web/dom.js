// The two DOM helpers every panel uses.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** Sets an element's classes to its base class plus one state class (good, warn, bad, …) or none. */
export function setClass(el, base, cls) { el.className = base + (cls ? " " + cls : ""); }
