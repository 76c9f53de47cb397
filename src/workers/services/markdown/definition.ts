import { z } from 'zod';
import type { ServiceDefinition } from '../service';

export const markdownConsumerParams = z.object({
  folder: z
    .string()
    .trim()
    .min(1, 'A folder is required')
    .describe('Folder to write notes into (an Obsidian vault, for example)'),
  subfolder: z.string().trim().max(200).default('').describe('Subfolder inside it (optional)'),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]).describe('Tags added to every note'),
});
export type MarkdownConsumerParams = z.infer<typeof markdownConsumerParams>;

export const markdownDefinition: ServiceDefinition = {
  id: 'markdown',
  label: 'Markdown folder',
  description: 'One Markdown file per item with YAML front matter: Obsidian, Logseq, any notes folder.',
  accountSchema: null,
  secretFields: [],
  secretParams: [],
  providerSchema: null,
  consumerSchema: markdownConsumerParams,
  maxLength: null,
  hostOf: () => null,
};
