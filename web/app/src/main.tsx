import { render } from 'preact';

render(
  <main>
    <h1>fc-chat</h1>
  </main>,
  document.getElementById('app')!,
);
