// YAML front matter for a note. Every value is written as a double-quoted scalar: titles with
// colons, quotes, leading '-' or '#', "yes"/"null" lookalikes and newlines then all stay strings,
// and no value can end the block early. JSON string syntax is valid YAML double-quoted syntax;
// on top of it we escape what YAML does not accept raw in a document (DEL, C1 controls,
// non-characters) or would read as a line break (NEL, LS, PS), and the BOM a reader may drop.

export type FrontMatterValue = string | readonly string[];

const YAML_UNSAFE = /[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g;

export function yamlQuoted(value: string): string {
  return JSON.stringify(value).replace(YAML_UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `---` block with the fields in order; keys are ours (plain identifiers), values untrusted. */
export function frontMatter(fields: ReadonlyArray<readonly [key: string, value: FrontMatterValue]>): string {
  const lines = ['---'];
  for (const [key, value] of fields) {
    if (typeof value === 'string') {
      lines.push(`${key}: ${yamlQuoted(value)}`);
    } else if (value.length === 0) {
      lines.push(`${key}: []`);
    } else {
      lines.push(`${key}:`, ...value.map((entry) => `  - ${yamlQuoted(entry)}`));
    }
  }
  lines.push('---');
  return lines.join('\n');
}
