import { soundsUnsure } from './unsure-reply';

describe('replies that say the assistant did not know', () => {
  it.each([
    "I'm sorry, I don't know that.",
    "I'm not sure about that.",
    "I couldn't find any information about tandem rentals.",
    'I do not have that information.',
    'Das weiß ich leider nicht.',
    'Dazu liegen mir leider keine Informationen vor.',
  ])('%s', (reply) => expect(soundsUnsure(reply)).toBe(true));

  it.each(['We open at 9:00 on Saturdays [1].', 'Yes, you can return it within 30 days.', 'I know a great route for that!'])('not: %s', (reply) =>
    expect(soundsUnsure(reply)).toBe(false),
  );
});
