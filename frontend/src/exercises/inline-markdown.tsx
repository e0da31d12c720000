/** One line of Markdown (a hint, a question): `code`, **bold**, *emphasis*, sanitized like the instructions. */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'preact/hooks';

export function InlineMarkdown({ text }: { text: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parseInline(text, { async: false })), [text]);
  return <span dangerouslySetInnerHTML={{ __html: html }} />;
}
