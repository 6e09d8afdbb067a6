import { mount } from 'svelte';
import ConsoleApp from './ConsoleApp.svelte';
import '../app.css';
import './console.css';

const target = document.getElementById('console');
if (target === null) throw new Error('console.html has no #console element');

export default mount(ConsoleApp, { target });
