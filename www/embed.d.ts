// Types for www/embed.js: in-place, reversible highlighting of published articles.
// docs/EMBED.md describes the embed, its CSS custom properties and the CSP it needs.

/** Entity labels: person, organisation, place, other name. */
export type Label = "PER" | "ORG" | "LOC" | "MISC";

/** Quote kinds. "scare" quotes (a word or two in quotation marks) are off by default. */
export type QuoteKind = "statement" | "partial" | "continued" | "scare";

export interface HighlightOptions {
  /** Entity labels to highlight. Default: all four. */
  labels?: Label[];
  /** true (default: statement, partial, continued), false (none), or the kinds to show. */
  quotes?: boolean | QuoteKind[];
  /** Prefix of the classes (`ah-entity`, `ah-quote`), ids (`ah-e12`) and custom properties
   * (`--ah-per`). A CSS identifier. Default: "ah-". */
  classPrefix?: string;
  /** Adopt the default stylesheet for this prefix (once per document). Default: true. */
  styles?: boolean;
  /** Analyse in a module worker so long pages do not freeze; falls back to the main thread
   * when a worker cannot start. Default: true. */
  worker?: boolean;
  /** Give a quote whose text does not say who spoke a guessed speaker (the nearest name).
   * `false` leaves such quotes without `data-speaker`. Default: true. */
  guessSpeakers?: boolean;
  /** Your own analyser instead of the built-in one (which is then not loaded): gets the
   * collected text, returns entities and quotes with UTF-16 offsets into it, in the shape of
   * the core's `analyze()`. Invalid spans are dropped. */
  analyze?: (text: string) => AnalysisLike | Promise<AnalysisLike>;
}

export interface AnalysisLike {
  entities?: Array<{ start: number; end: number; label: Label; cluster?: number | string | null }>;
  quotes?: Array<{
    start: number; end: number; kind: QuoteKind; group?: number | string;
    speaker?: { name?: string; text?: string; cluster?: number | string | null } | null;
  }>;
}

export interface HighlightSummary {
  /** Entity mentions highlighted (a mention split into fragments counts once). */
  entities: number;
  /** Quotations highlighted (the segments of one quotation count once). */
  quotes: number;
  /** True when a later highlightElement or unhighlightElement call stopped this one. */
  cancelled: boolean;
  /** Milliseconds per phase, for benchmarks (absent when cancelled). */
  timings?: { collect: number; analyze: number; wrap: number; slices: number; total: number };
}

/**
 * Highlights the entities and quotations in `el` in place: text nodes are split where a
 * highlight starts or ends and the pieces are wrapped in
 * `<mark class="ah-entity" data-label data-entity data-cluster>` (one per fragment; the
 * fragments of one mention share `data-entity`) and
 * `<span class="ah-quote" data-quote data-kind data-speaker data-speaker-cluster>` (one per
 * fragment, sharing `data-quote`; entities nest inside). Existing elements are never moved or
 * recreated. Calling it again replaces the previous highlights of `el` and of any highlighted
 * element inside or around it.
 */
export function highlightElement(el: Element, options?: HighlightOptions): Promise<HighlightSummary>;

/** Removes the highlights of `el` (stopping a highlight in progress); `el.innerHTML` is then
 * exactly as before. Returns false if `el` was not highlighted. */
export function unhighlightElement(el: Element): boolean;

/** The text the analyser is given for `el`: text nodes, a blank line per block boundary, a
 * space per skipped inline element. For debugging and for `analyze` options' offsets. */
export function textOf(el: Element): string;

/** The default stylesheet for a class prefix (what `styles: true` adopts). */
export function stylesheetText(prefix?: string): string;

export const LABELS: readonly Label[];
/** The quote kinds shown by default. */
export const QUOTE_KINDS: readonly QuoteKind[];
export const DEFAULT_CLASS_PREFIX: "ah-";

/** In auto mode (the module loaded by a `<script type="module" data-selector=…>` tag): settles
 * when the elements present at load are highlighted. null otherwise. */
export const autoHighlighted: Promise<Array<HighlightSummary | void>> | null;

declare global {
  interface HTMLElementEventMap {
    /** Auto mode: fired (bubbling) on each element once it is highlighted. */
    articlehighlighted: CustomEvent<HighlightSummary>;
  }
}
