// Turning pasted rich text and dropped files into plain text with paragraphs.
// HTML is parsed with DOMParser into an inert document: no script runs, no image loads.

/** Elements that start a new paragraph. */
const BLOCKS = new Set([
  "ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "DD", "DIV", "DL", "DT", "FIGCAPTION", "FIGURE",
  "FOOTER", "FORM", "H1", "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LI", "MAIN", "NAV", "OL",
  "P", "PRE", "SECTION", "TABLE", "TR", "UL",
]);
/** Elements whose content is not article text. */
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "IFRAME", "OBJECT", "SVG", "CANVAS"]);

/**
 * Plain text of an HTML fragment: one paragraph per block element (separated by a blank
 * line), line breaks kept for <br>, runs of white space collapsed as a browser shows them.
 * @param {string} html
 * @returns {string}
 */
export function htmlToText(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const paragraphs = [];
  let line = "";
  const flush = () => {
    const text = line.replace(/[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0]*/g, "\n").trim();
    if (text) paragraphs.push(text);
    line = "";
  };
  const walk = (node, pre) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        line += pre ? child.data : child.data.replace(/\s+/g, " ");
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = child.tagName.toUpperCase();
        if (SKIP.has(tag)) continue;
        if (tag === "BR") { line += "\n"; continue; }
        const block = BLOCKS.has(tag);
        if (block) flush();
        walk(child, pre || tag === "PRE");
        if (block) flush();
      }
    }
  };
  walk(doc.body, false);
  flush();
  return paragraphs.join("\n\n");
}

/** File name endings the page reads, and how. */
const READERS = [
  [/\.html?$/i, "html"],
  [/\.(txt|text|md|markdown)$/i, "text"],
];

/**
 * The text of a dropped file: HTML is converted with {@link htmlToText}; .txt and .md are
 * read as they are (Markdown marks stay, they are rarely inside names).
 * @param {File} file
 * @returns {Promise<string>} rejects with a message for other kinds of file
 */
export async function fileToText(file) {
  let kind = READERS.find(([pattern]) => pattern.test(file.name))?.[1];
  if (!kind && file.type === "text/html") kind = "html";
  if (!kind && file.type.startsWith("text/")) kind = "text";
  if (!kind) throw new Error(`“${file.name}” is not a text file: drop a .txt, .md or .html file.`);
  const text = await file.text();
  return kind === "html" ? htmlToText(text) : text;
}
