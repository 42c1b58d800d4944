#!/usr/bin/env node
// The kineo command. The server runs from its TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
