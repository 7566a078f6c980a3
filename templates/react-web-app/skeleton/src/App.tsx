import { useState } from 'react';

/** The start page. Replace it with the app; keep the tests beside it. */
export function App() {
  const [count, setCount] = useState(0);
  return (
    <main>
      <h1>${{ values.name }}</h1>
      <p>${{ values.description }}</p>
      <button type="button" onClick={() => setCount(c => c + 1)}>
        Clicked {count} {count === 1 ? 'time' : 'times'}
      </button>
    </main>
  );
}
