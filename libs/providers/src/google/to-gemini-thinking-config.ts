import { ThinkingLevel } from '@google/genai';
import type { ThinkingConfig } from '@google/genai';
import type { ReasoningEffort } from '@latticelm/api';

/**
 * reasoning.effort → thinkingConfig. Gemini 3 takes a thinkingLevel; Gemini 2.5 takes a token budget ("Use
 * thinkingLevel with Gemini 3 models… thinkingBudget with Gemini 2.5", https://ai.google.dev/gemini-api/docs/thinking).
 * Gemini's thoughts are summaries ("thought summaries are synthesized versions of the model's raw thoughts"), so
 * includeThoughts follows reasoning.summary.
 */
const LEVELS: Record<ReasoningEffort, ThinkingLevel> = {
  none: ThinkingLevel.MINIMAL,
  minimal: ThinkingLevel.MINIMAL,
  low: ThinkingLevel.LOW,
  medium: ThinkingLevel.MEDIUM,
  high: ThinkingLevel.HIGH,
  xhigh: ThinkingLevel.HIGH,
};

/** 0 turns thinking off on 2.5 Flash; 24576 is 2.5 Flash's maximum budget. */
const BUDGETS: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 2048,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
};

export function toGeminiThinkingConfig(
  model: string,
  reasoning: { effort?: ReasoningEffort; summary?: string } | undefined,
): ThinkingConfig | undefined {
  if (!reasoning || (!reasoning.effort && !reasoning.summary)) return undefined;
  const config: ThinkingConfig = {};
  if (reasoning.effort) {
    if (/gemini-[3-9]/.test(model)) config.thinkingLevel = LEVELS[reasoning.effort];
    else config.thinkingBudget = BUDGETS[reasoning.effort];
  }
  if (reasoning.summary && reasoning.effort !== 'none') config.includeThoughts = true;
  return config;
}
