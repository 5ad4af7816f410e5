/** What axe-core finds against WCAG 2.2 AA on a page as it stands, one line per rule broken. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Every WCAG 2.2 AA rule the page breaks. */
export async function wcagViolations(page: Page, { seriousOnly = false } = {}): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return results.violations
    .filter((v) => !seriousOnly || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')})`);
}

/** The rules broken that axe rates serious or critical. */
export const seriousViolations = (page: Page) => wcagViolations(page, { seriousOnly: true });
