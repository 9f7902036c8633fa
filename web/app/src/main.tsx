import { render } from 'preact';
import { App } from './App.js';
import { Chat } from './chat.js';
import './styles.css';

render(<App chat={new Chat()} />, document.getElementById('app')!);
