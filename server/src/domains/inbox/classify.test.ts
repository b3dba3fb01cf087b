import { describe, expect, test } from 'vitest';
import { baselineClassifier, classifyText, setClassifier } from './classify.ts';

describe('baseline classifier', () => {
  test.each([
    ['Meine Heizung ist seit Montag kaputt, bitte helfen Sie mir', { language: 'de', sentiment: 'negative', intent: 'service_request' }],
    ['Was kostet der Ökostrom-Tarif für eine Familie?', { language: 'de', intent: 'sales_lead' }],
    ['Unverschämt! Ich warte seit drei Wochen, nie wieder!!', { language: 'de', sentiment: 'negative', intent: 'complaint' }],
    ['Danke, der Techniker war super und schnell!', { language: 'de', sentiment: 'positive', intent: 'praise' }],
    ['My invoice is wrong and the app is not working, can you help?', { language: 'en', intent: 'service_request' }],
    ['How much is the pricing for 50 seats? We are interested in a demo', { language: 'en', intent: 'sales_lead' }],
    ['Worst service ever, still waiting for my refund', { language: 'en', sentiment: 'negative', intent: 'complaint' }],
    ['Thank you, you are awesome!', { language: 'en', sentiment: 'positive', intent: 'praise' }],
    ['Click here for free money and crypto', { language: 'en', intent: 'spam' }],
    ['I am not happy with this', { language: 'en', sentiment: 'negative' }],
  ])('%s', (text, expected) => {
    expect(baselineClassifier.classify(text)).toMatchObject(expected);
  });

  test('empty text gets only the network language tag; a tie in stop words falls back to it', () => {
    expect(classifyText('', { language: 'de-DE' })).toEqual({ language: 'de', sentiment: null, intent: null });
    expect(classifyText('👍', { language: 'en' }).language).toBe('en');
  });

  test('a replacement classifier is used until the baseline is put back', () => {
    setClassifier({ classify: () => ({ language: 'en', sentiment: 'neutral', intent: 'other' }) });
    try {
      expect(classifyText('Heizung kaputt')).toEqual({ language: 'en', sentiment: 'neutral', intent: 'other' });
    } finally {
      setClassifier(baselineClassifier);
    }
    expect(classifyText('Heizung kaputt, bitte Hilfe').intent).toBe('service_request');
  });
});
