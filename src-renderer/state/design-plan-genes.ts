/** Genes from a pasted or typed list (one per line, or separated by commas, semicolons, tabs or spaces). */
export function parseGeneList(text: string): string[] {
  const seen = new Set<string>();
  for (const g of text.split(/[\s,;]+/)) if (g !== '') seen.add(g);
  return [...seen];
}
